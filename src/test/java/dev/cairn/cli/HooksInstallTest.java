package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn install [--uninstall]}: the files it writes, and the hooks run by the real Git. */
class HooksInstallTest {

    private static final List<String> HOOKS = List.of("post-checkout", "pre-commit", "pre-push");
    private static final String MARKER = "# cairn-hook: written by 'cairn install'";

    @TempDir
    Path tmp;
    TestRepo r;
    GitProcess git;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(Files.createDirectories(tmp.resolve("repo")));
        git = new GitProcess(r.root, Files.createDirectories(tmp.resolve("scratch")));
    }

    @Test
    void installWritesHooksDriverAndAttributesOnceAndUninstallPutsBackWhatWasThere() throws Exception {
        Path hooks = r.path(".git/hooks");
        Files.createDirectories(hooks);
        byte[] oldHook = "#!/bin/sh\n# someone's own check\nexit 0\n".getBytes();
        Files.write(hooks.resolve("pre-commit"), oldHook);
        Files.setPosixFilePermissions(hooks.resolve("pre-commit"), PosixFilePermissions.fromString("rwxr-x---"));
        r.write(".gitattributes", "*.bin binary\n");
        String configBefore = r.read(".git/config");

        TestRepo.Run first = r.run("install").expect(0);
        assertTrue(first.out().contains("kept the existing pre-commit hook as .git/hooks/pre-commit.pre-cairn"), first.out());
        for (String name : HOOKS) {
            Path hook = hooks.resolve(name);
            assertTrue(Files.isExecutable(hook), name);
            assertTrue(Files.readString(hook).startsWith("#!/bin/sh\n" + MARKER), name);
        }
        assertArrayEquals(oldHook, Files.readAllBytes(hooks.resolve("pre-commit.pre-cairn")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(hooks.resolve("pre-commit.pre-cairn"))));
        assertEquals("cairn merge-driver %O %A %B %P", git.git("config", "merge.cairn.driver").expect(0).output().strip());
        assertEquals("*.bin binary\n*.cairn merge=cairn\n", r.read(".gitattributes"));

        Map<String, String> before = snapshot();
        TestRepo.Run second = r.run("install").expect(0);
        assertEquals("Cairn's Git hooks are already installed in .git/hooks\n", second.out());
        assertEquals(before, snapshot(), "a second install changes nothing");

        TestRepo.Run undo = r.run("install", "--uninstall").expect(0);
        assertTrue(undo.out().contains("restored .git/hooks/pre-commit from pre-commit.pre-cairn"), undo.out());
        assertArrayEquals(oldHook, Files.readAllBytes(hooks.resolve("pre-commit")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(hooks.resolve("pre-commit"))));
        try (Stream<Path> left = Files.list(hooks)) {
            assertEquals(List.of("pre-commit"), left.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(1, git.git("config", "--get-regexp", "^merge\\.").code(), "no merge driver left");
        assertEquals(configBefore.strip(), r.read(".git/config").strip());
        assertEquals("*.bin binary\n", r.read(".gitattributes"));
        assertEquals("Cairn's Git hooks are not installed (.git/hooks)\n", r.run("install", "--uninstall").expect(0).out());
    }

    @Test
    void uninstallRemovesAGitattributesFileThatInstallCreated() {
        r.run("install").expect(0);
        assertTrue(r.exists(".gitattributes"));
        r.run("install", "--uninstall").expect(0);
        assertFalse(r.exists(".gitattributes"));
        assertFalse(Files.exists(r.path(".git/hooks/post-checkout")));
    }

    @Test
    void refusesWhenAForeignHookAndAKeptHookBothExistAndChangesNothing() throws Exception {
        Path hooks = Files.createDirectories(r.path(".git/hooks"));
        GitProcess.writeScript(hooks.resolve("pre-push"), "#!/bin/sh\nexit 0\n");
        GitProcess.writeScript(hooks.resolve("pre-push.pre-cairn"), "#!/bin/sh\nexit 0\n");
        String config = r.read(".git/config");
        TestRepo.Run run = r.run("install").expect(3);
        assertTrue(run.err().contains("cannot install the pre-push hook") && run.err().contains("pre-push.pre-cairn"), run.err());
        assertFalse(Files.exists(hooks.resolve("post-checkout")), "nothing is written");
        assertEquals(config, r.read(".git/config"));
        assertFalse(r.exists(".gitattributes"));
    }

    @Test
    void honoursARelativeCoreHooksPath() throws Exception {
        git.git("config", "core.hooksPath", "tools/hooks").expect(0);
        assertTrue(r.run("install").expect(0).out().contains("wrote tools/hooks/post-checkout"));
        assertTrue(Files.isExecutable(r.path("tools/hooks/pre-push")));
        assertFalse(Files.exists(r.path(".git/hooks/pre-push")));
    }

    @Test
    void installFromALinkedWorkTreeUsesTheSharedHooksAndConfig() throws Exception {
        git.git("add", "-A").expect(0);
        git.git("commit", "-q", "-m", "init").expect(0);
        Path wt = tmp.resolve("linked");
        git.git("worktree", "add", "-q", wt.toString(), "-b", "side").expect(0);
        TestRepo linked = TestRepo.plain(wt);
        linked.run("install").expect(0);
        assertTrue(Files.isExecutable(r.path(".git/hooks/post-checkout")), "hooks live in the common git dir");
        assertTrue(r.read(".git/config").contains("[merge \"cairn\"]"), r.read(".git/config"));
        assertEquals("*.cairn merge=cairn\n", linked.read(".gitattributes"));
        assertFalse(r.exists(".gitattributes"), "the attributes belong to the work tree that ran install");
    }

    @Test
    void hooksOfACairnRepositoryInASubdirectoryRunThere() throws Exception {
        // 'cairn init' works at the top of a work tree; a repository below it is made by moving one
        TestRepo top = TestRepo.initialized(Files.createDirectories(tmp.resolve("mono")));
        Files.createDirectories(top.path("ml"));
        Files.move(top.path(".cairn"), top.path("ml/.cairn"));
        top.in("ml").run("install").expect(0);
        String hook = top.read(".git/hooks/post-checkout");
        assertTrue(hook.contains("\ncd 'ml' 2>/dev/null || exit 0\n[ -d '.cairn' ] || exit 0\n"), hook);
        assertEquals("*.cairn merge=cairn\n", top.read("ml/.gitattributes"));
    }

    @Test
    void hooksSharedThroughCoreHooksPathDoNothingInAWorkTreeWithoutCairn() throws Exception {
        r.run("install").expect(0);
        TestRepo other = TestRepo.git(Files.createDirectories(tmp.resolve("other")));
        GitProcess otherGit = new GitProcess(other.root, Files.createDirectories(tmp.resolve("scratch2")));
        otherGit.git("config", "core.hooksPath", r.path(".git/hooks").toString()).expect(0);
        other.write("README", "x\n");
        otherGit.git("add", "README").expect(0);
        assertEquals("", otherGit.git("commit", "-q", "-m", "one").expect(0).output());
        assertEquals("", otherGit.git("checkout", "-q", "-b", "two").expect(0).output());
    }

    @Test
    void hooksRunCairnOnBranchSwitchWarnBeforeCommitAndPushBeforeGitPush() throws Exception {
        r.run("remote", "add", "-d", "store", tmp.resolve("store").toString()).expect(0);
        r.write("data/a.txt", "one");
        r.run("add", "data").expect(0);
        r.write("README", "readme\n");
        git.git("add", "-A").expect(0);
        git.git("commit", "-q", "-m", "one").expect(0);
        git.git("checkout", "-q", "-b", "two").expect(0);
        r.write("data/a.txt", "two");
        r.run("add", "data").expect(0);
        git.git("commit", "-q", "-am", "two").expect(0);
        Path oldRan = tmp.resolve("old-post-checkout-ran");
        Path hooks = Files.createDirectories(r.path(".git/hooks"));
        GitProcess.writeScript(hooks.resolve("post-checkout"), "#!/bin/sh\necho \"$3\" >> '" + oldRan + "'\n");
        r.run("install").expect(0);

        assertEquals(List.of(), git.cairnCalls());
        GitProcess.Result toMain = git.git("checkout", "main").expect(0);
        assertEquals("one", r.read("data/a.txt"), toMain.output());
        assertEquals("1\n", Files.readString(oldRan), "the hook that was there runs first, with Git's arguments");

        // a file checkout (third argument 0) leaves the data alone
        Files.delete(r.path("data/a.txt"));
        git.git("checkout", "two", "--", "README").expect(0);
        assertFalse(r.exists("data/a.txt"));
        assertEquals(List.of("checkout"), git.cairnCalls());
        git.git("checkout", "two").expect(0);
        assertEquals("two", r.read("data/a.txt"));

        r.write("data/a.txt", "three, not recorded");
        r.write("README", "changed\n");
        GitProcess.Result commit = git.git("commit", "-q", "-am", "readme only").expect(0);
        assertTrue(commit.output().contains("tracked data changed but was not recorded"), commit.output());

        Path bare = tmp.resolve("origin.git");
        git.git("init", "-q", "--bare", bare.toString()).expect(0);
        git.git("remote", "add", "origin", bare.toString()).expect(0);
        assertFalse(Files.exists(tmp.resolve("store")));
        git.git("push", "-q", "origin", "two").expect(0);
        // "two" is 5 bytes: its object is in the store the pre-push hook pushed to
        assertTrue(Files.exists(tmp.resolve("store/files/md5/b8/a9f715dbb64fd5c56e7783c6820a61")), "cairn push ran");
        assertEquals(List.of("checkout", "checkout", "status", "push"), git.cairnCalls());
    }

    @Test
    void postCheckoutLeavesTheDataAloneDuringARebase() throws Exception {
        r.write("data/a.txt", "one");
        r.run("add", "data").expect(0);
        git.git("add", "-A").expect(0);
        git.git("commit", "-q", "-m", "one").expect(0);
        git.git("checkout", "-q", "-b", "topic").expect(0);
        r.write("notes", "topic\n");
        git.git("add", "notes").expect(0);
        git.git("commit", "-q", "-m", "topic").expect(0);
        git.git("checkout", "-q", "main").expect(0);
        r.write("README", "main\n");
        git.git("add", "README").expect(0);
        git.git("commit", "-q", "-m", "main").expect(0);
        git.git("checkout", "-q", "topic").expect(0);
        r.run("install").expect(0);
        // no pre-commit either: a rebase replays commits without the pre-commit hook
        git.git("rebase", "main").expect(0);
        assertEquals(List.of(), git.cairnCalls(), "the rebase's checkouts ran no cairn command");
        assertTrue(r.exists("README") && r.exists("notes"));
    }

    @Test
    void aFailingHookThatWasThereStopsGitAsBefore() throws Exception {
        Path hooks = Files.createDirectories(r.path(".git/hooks"));
        GitProcess.writeScript(hooks.resolve("pre-commit"), "#!/bin/sh\necho 'old check failed' >&2\nexit 7\n");
        r.run("install").expect(0);
        r.write("README", "x\n");
        git.git("add", "README").expect(0);
        GitProcess.Result commit = git.git("commit", "-q", "-m", "blocked");
        assertEquals(1, commit.code(), commit.output());
        assertTrue(commit.output().contains("old check failed"), commit.output());
        assertTrue(git.git("rev-parse", "-q", "--verify", "HEAD").code() != 0, "nothing was committed");
    }

    /** Every hook file's name, mode and bytes, the Git config and the attributes file. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(r.path(".git/hooks"))) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                        + " " + Files.getLastModifiedTime(p).toMillis() + " " + Files.readString(p));
            }
        }
        files.put("config", r.read(".git/config"));
        files.put(".gitattributes", r.read(".gitattributes"));
        return files;
    }
}
