package dev.cairn.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.util.CairnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRevisionsTest {

    @TempDir
    Path tmp;
    Path main;

    @BeforeEach
    void setUp() throws Exception {
        main = Files.createDirectories(tmp.resolve("main")).toRealPath();
        Git.init().setDirectory(main.toFile()).setInitialBranch("main").call().close();
    }

    private RevCommit commit(String path, String content, String message) throws Exception {
        Path file = main.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        try (Git git = Git.open(main.toFile())) {
            git.add().addFilepattern(path).call();
            return git.commit().setMessage(message).setSign(false).call();
        }
    }

    private static String text(Optional<byte[]> bytes) {
        return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("<absent>");
    }

    @Test
    void readsFilesAtHeadBranchesTagsAndCommitIds() throws Exception {
        RevCommit first = commit("conf/params.yaml", "lr: 0.1\n", "first");
        try (Git git = Git.open(main.toFile())) {
            git.tag().setName("v1").setAnnotated(true).setMessage("v1").setSigned(false).call();
            git.branchCreate().setName("old").call();
        }
        commit("conf/params.yaml", "lr: 0.2\n", "second");
        Files.writeString(main.resolve("conf/params.yaml"), "lr: 0.3\n"); // the workspace does not count
        try (GitRevisions revs = GitRevisions.open(main)) {
            assertEquals(main, revs.workTree());
            assertEquals("lr: 0.2\n", text(revs.read("HEAD", "conf/params.yaml")));
            assertEquals("lr: 0.1\n", text(revs.read("HEAD~1", "conf/params.yaml")));
            assertEquals("lr: 0.1\n", text(revs.read("v1", "conf/params.yaml")));
            assertEquals("lr: 0.1\n", text(revs.read("old", "conf/params.yaml")));
            assertEquals("lr: 0.1\n", text(revs.read(first.getName(), "conf/params.yaml")));
            assertEquals("lr: 0.1\n", text(revs.read(first.getName().substring(0, 10), "conf/params.yaml")));
            assertEquals("<absent>", text(revs.read("HEAD", "conf/missing.yaml")));
            assertEquals("<absent>", text(revs.read("HEAD", "conf")), "a directory is no file");
        }
    }

    @Test
    void headWithoutCommitsHasNoFilesButAnUnknownRevisionIsBadInput() throws Exception {
        try (GitRevisions revs = GitRevisions.open(main)) {
            assertEquals("<absent>", text(revs.read("HEAD", "params.yaml")));
            CairnException e = assertThrows(CairnException.class, () -> revs.read("nope", "params.yaml"));
            assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
        }
        commit("params.yaml", "a: 1\n", "first");
        try (GitRevisions revs = GitRevisions.open(main)) {
            CairnException e = assertThrows(CairnException.class, () -> revs.read("no-such-branch", "params.yaml"));
            assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().contains("no-such-branch"), e.getMessage());
            assertEquals(CairnException.Kind.BAD_INPUT,
                    assertThrows(CairnException.class, () -> revs.read("HEAD", "../outside")).kind());
            assertEquals(CairnException.Kind.BAD_INPUT,
                    assertThrows(CairnException.class, () -> revs.read("HEAD", "/etc/passwd")).kind());
        }
    }

    @Test
    void opensFromASubdirectory() throws Exception {
        commit("sub/dir/params.yaml", "x: 1\n", "first");
        try (GitRevisions revs = GitRevisions.open(main.resolve("sub/dir"))) {
            assertEquals(main, revs.workTree());
            assertEquals("x: 1\n", text(revs.read("HEAD", "sub/dir/params.yaml")));
        }
    }

    @Test
    void opensALinkedWorktreeAtItsOwnHead() throws Exception {
        commit("params.yaml", "lr: 0.1\n", "first");
        Path wt = tmp.resolve("wt");
        Process p = new ProcessBuilder("git", "worktree", "add", "-b", "feature", wt.toString())
                .directory(main.toFile()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        assertTrue(Files.isRegularFile(wt.resolve(".git")), "a linked worktree has a .git file");
        // the linked worktree moves on; the main one stays
        Files.writeString(wt.resolve("params.yaml"), "lr: 0.5\n");
        try (Git git = Git.open(wt.toFile())) {
            git.add().addFilepattern("params.yaml").call();
            git.commit().setMessage("in the worktree").setSign(false).call();
        }
        Files.createDirectories(wt.resolve("src"));
        try (GitRevisions revs = GitRevisions.open(wt.resolve("src"))) {
            assertEquals(wt.toRealPath(), revs.workTree().toRealPath());
            assertEquals("lr: 0.5\n", text(revs.read("HEAD", "params.yaml")));
            assertEquals("lr: 0.1\n", text(revs.read("main", "params.yaml")));
        }
        try (GitRevisions revs = GitRevisions.open(main)) {
            assertEquals("lr: 0.1\n", text(revs.read("HEAD", "params.yaml")));
            assertEquals("lr: 0.5\n", text(revs.read("feature", "params.yaml")));
        }
    }

    @Test
    void outsideGitIsARepositoryStateError() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        // the temp directory may itself lie in a Git work tree: only check when it does not
        if (dev.cairn.repo.Repository.findGitRoot(plain).isEmpty()) {
            assertEquals(CairnException.Kind.STATE,
                    assertThrows(CairnException.class, () -> GitRevisions.open(plain)).kind());
        }
    }
}
