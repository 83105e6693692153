package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gc, push and fetch over revisions: -w, -a, -T, -A, --rev, --date and -c. */
class RevisionScopesTest {

    @TempDir
    Path dir;
    TestRepo r;
    String v1;
    String v2;
    String exp;
    Path remote;

    /** main: v1 (tagged), then v2; branch exp adds its own version; the workspace is at main's v2. */
    @BeforeEach
    void history() throws Exception {
        r = TestRepo.initialized(dir.resolve("repo"));
        remote = Files.createDirectories(dir.resolve("remote"));
        r.run("remote", "add", "-d", "store", remote.toString()).expect(0);
        try (Git git = Git.open(r.root.toFile())) {
            v1 = commit(git, "one\n", "v1");
            git.tag().setName("release").call();
            git.branchCreate().setName("exp").call();
            git.checkout().setName("exp").call();
            exp = commit(git, "experiment\n", "exp");
            git.checkout().setName("main").call();
            r.run("checkout", "-f").expect(0);
            v2 = commit(git, "two\n", "v2");
        }
    }

    private String commit(Git git, String content, String message) throws Exception {
        r.write("data/file.txt", content);
        r.run("add", "data").expect(0);
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).call();
        return org.apache.commons.codec.digest.DigestUtils.md5Hex(content);
    }

    @Test
    void gcKeepsWhatTheScopeUses() {
        assertEquals(2, r.run("gc").code(), "no scope, no gc");
        r.run("gc", "-w", "-a", "-T", "-f").expect(0);
        assertTrue(Files.exists(r.cacheObject(v1)), "the tag keeps v1");
        assertTrue(Files.exists(r.cacheObject(exp)), "the branch keeps exp");
        r.run("gc", "--rev", "exp", "-f").expect(0);
        assertTrue(Files.exists(r.cacheObject(exp)));
        assertFalse(Files.exists(r.cacheObject(v2)), "only exp was in scope");
        assertFalse(Files.exists(r.cacheObject(v1)));
    }

    @Test
    void gcAllCommitsKeepsHistoryAndDateLimitsIt() {
        r.run("gc", "-A", "-f").expect(0);
        assertTrue(Files.exists(r.cacheObject(v1)) && Files.exists(r.cacheObject(v2)) && Files.exists(r.cacheObject(exp)));
        r.run("gc", "--date", "2999-01-01", "-w", "-f").expect(0);
        assertFalse(Files.exists(r.cacheObject(v1)), "no commit is that recent: only the workspace is kept");
        assertTrue(Files.exists(r.cacheObject(v2)));
        assertEquals(2, r.run("gc", "--date", "yesterday", "-w").code());
    }

    @Test
    void pushAllBranchesAndCleanTheRemote() throws Exception {
        r.run("push").expect(0);
        assertFalse(Files.exists(remoteObject(exp)), "a plain push moves the workspace's data only");
        r.run("push", "-a", "-T").expect(0);
        assertTrue(Files.exists(remoteObject(exp)) && Files.exists(remoteObject(v1)) && Files.exists(remoteObject(v2)));
        TestRepo.Run cloud = r.run("status", "-c", "--rev", "exp").expect(0);
        assertEquals("", cloud.out(), cloud.out());
        r.run("gc", "-w", "-c", "-f").expect(0);
        assertFalse(Files.exists(remoteObject(exp)), "gc -c deletes what the scope does not use from the remote");
        assertTrue(Files.exists(remoteObject(v2)));
    }

    @Test
    void fetchARevisionThenCheckItOut() throws Exception {
        r.run("push", "-A").expect(0);
        r.run("gc", "-w", "-f").expect(0);
        assertFalse(Files.exists(r.cacheObject(exp)));
        r.run("fetch", "--rev", "exp").expect(0);
        assertTrue(Files.exists(r.cacheObject(exp)));
    }

    private Path remoteObject(String hex) {
        return remote.resolve("files/md5/" + hex.substring(0, 2) + "/" + hex.substring(2));
    }
}
