package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.repo.RepoLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManageCommandsTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
    }

    @Test
    void removeDropsManifestAndGitignoreEntryAndWithOutsTheData() throws Exception {
        r.write("a", "a");
        r.write("b", "b");
        r.run("add", "a", "b").expect(0);
        r.run("remove", "a.cairn").expect(0);
        assertFalse(r.exists("a.cairn"));
        assertTrue(r.exists("a"));
        assertEquals("/b\n", r.read(".gitignore"));
        r.write("b", "edited, not committed");
        TestRepo.Run refused = r.run("remove", "b", "--outs").expect(ExitCodes.FAILED);
        assertTrue(refused.err().contains("not safe in the cache"), refused.err());
        assertEquals("edited, not committed", r.read("b"));
        r.run("remove", "b", "--outs", "-f").expect(0);
        assertFalse(r.exists("b") || r.exists("b.cairn") || r.exists(".gitignore"));
        r.run("remove", "nothing.cairn").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void moveRenamesDataManifestAndGitignoreEntries() throws Exception {
        r.write("data/x", "x");
        r.run("add", "data").expect(0);
        Files.createDirectories(r.path("archive"));
        r.run("move", "data", "archive").expect(0);
        assertTrue(r.exists("archive/data/x") && r.exists("archive/data.cairn"));
        assertFalse(r.exists("data") || r.exists("data.cairn"));
        assertTrue(r.read("archive/data.cairn").contains("path: data\n"));
        assertEquals("/data\n", r.read("archive/.gitignore"));
        assertFalse(r.exists(".gitignore"));
        r.run("status").expect(0);
        assertEquals("", r.run("status").out());
        r.write("other", "o");
        r.run("move", "archive/data", "other").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void gcNeedsAScopeAndKeepsWhatTheWorkspaceUses() throws Exception {
        r.write("f", "v1");
        r.run("add", "f").expect(0);
        r.write("f", "v2");
        r.run("add", "f").expect(0);
        Path v1 = r.cacheObject("6654c734ccab8f440ff0825eb443dc7f"); // md5("v1")
        Path v2 = r.cacheObject("1b267619c4812cc46ee281747884ca50"); // md5("v2")
        assertTrue(Files.exists(v1));
        r.run("gc").expect(ExitCodes.BAD_INPUT);
        TestRepo.Run dry = r.run("gc", "-w", "--dry").expect(0);
        assertTrue(dry.out().contains("6654c734ccab8f440ff0825eb443dc7f"), dry.out());
        assertTrue(Files.exists(v1));
        r.stdin("n\n").run("gc", "-w").expect(ExitCodes.FAILED);
        assertTrue(Files.exists(v1));
        r.stdin("y\n").run("gc", "-w").expect(0);
        assertFalse(Files.exists(v1));
        assertTrue(Files.exists(v2));
    }

    @Test
    void configSetsGetsListsAndUnsets() throws Exception {
        r.run("config", "cache.type", "hardlink,copy").expect(0);
        assertEquals("hardlink,copy\n", r.run("config", "cache.type").expect(0).out());
        r.run("config", "--local", "remote.store.password", "s3cr3t").expect(0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(r.path(".cairn/config.local"))));
        assertFalse(r.read(".cairn/config").contains("s3cr3t"));
        String list = r.run("config", "--list").expect(0).out();
        assertTrue(list.contains("cache.type=hardlink,copy") && list.contains("remote.store.password=***"), list);
        assertFalse(list.contains("s3cr3t"), "listings keep secrets out");
        assertEquals("s3cr3t\n", r.run("config", "remote.store.password").expect(0).out(), "asked for by name, it is shown");
        r.run("config", "--unset", "cache.type").expect(0);
        r.run("config", "cache.type").expect(ExitCodes.FAILED);
        r.run("config", "nodot", "x").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void noScmRepositoriesLeaveGitignoreAlone() throws Exception {
        TestRepo plain = TestRepo.plain(java.nio.file.Files.createDirectories(tmp.resolve("sub/plain")));
        plain.run("init", "--no-scm").expect(0);
        plain.write("f", "x");
        plain.run("add", "f").expect(0);
        assertFalse(plain.exists(".gitignore"), "core.no_scm means no .gitignore edits, even inside a Git work tree");
    }

    @Test
    void reinitialisingKeepsTheConfig() throws Exception {
        r.run("config", "cache.type", "hardlink").expect(0);
        r.run("init", "-f").expect(0);
        assertEquals("hardlink\n", r.run("config", "cache.type").expect(0).out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"init", "add", "checkout", "status", "commit", "remove", "move", "unprotect", "gc", "config", "version"}) {
            TestRepo.Run run = r.run(c, "--help").expect(0);
            assertTrue(run.out().startsWith("Usage: cairn " + c), run.out());
        }
    }

    /** An invocation builds only the command it names; a mistyped one still gets suggestions from all of them. */
    @Test
    void mistypedCommandsAreAnsweredFromTheWholeTree() {
        TestRepo.Run typo = r.run("statsu").expect(ExitCodes.BAD_INPUT);
        assertTrue(typo.err().contains("Did you mean: cairn status"), typo.err());
        TestRepo.Run option = r.run("status", "--bogus").expect(ExitCodes.BAD_INPUT);
        assertTrue(option.err().contains("See 'cairn status --help'."), option.err());
        assertTrue(r.run("-h").expect(0).out().contains("\n  status "));
        assertTrue(r.run("help", "status").expect(0).out().startsWith("Usage: cairn status"));
    }

    @Test
    void topLevelHelpGroupsEveryCommand() {
        String help = r.run("--help").expect(0).out();
        assertTrue(help.contains("Data commands:") && help.contains("Remotes commands:"), help);
        for (var e : ReferenceDocs.tree().getSubcommands().entrySet()) {
            String name = e.getKey();
            if (e.getValue().getCommandSpec().usageMessage().hidden()) {
                continue; // e.g. merge-driver, which Git calls, not people
            }
            assertTrue(help.contains("\n  " + name + " "), "'" + name + "' is missing from the grouped help:\n" + help);
        }
    }

    @Test
    void completionScriptsComeFromTheCommandTree() {
        String bash = r.run("completion", "bash").expect(0).out();
        assertTrue(bash.contains("complete -F _complete_cairn") || bash.contains("_complete_cairn"), bash.substring(0, 200));
        assertTrue(bash.contains("checkout") && bash.contains("--relink"), "subcommands and their options are completed");
        assertTrue(r.run("completion", "zsh").expect(0).out().startsWith("autoload -U +X compinit"));
        r.run("completion", "fish").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void aHeldLockNamesItsHolder() throws Exception {
        r.write("f", "x");
        try (RepoLock lock = RepoLock.acquire(r.path(".cairn/tmp/lock"), "cairn push --all")) {
            TestRepo.Run run = r.run("add", "f").expect(ExitCodes.STATE);
            assertTrue(run.err().contains("PID " + ProcessHandle.current().pid()) && run.err().contains("cairn push --all"),
                    run.err());
            assertFalse(r.exists("f.cairn"));
        }
        r.run("add", "f").expect(0);
    }

    @Test
    void lockOfADeadProcessIsTakenOver() throws Exception {
        r.write("f", "x");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), r.path(".cairn/tmp/lock").toString())
                .redirectErrorStream(true).start();
        assertEquals("locked", new String(p.getInputStream().readNBytes(6)));
        r.run("add", "f").expect(ExitCodes.STATE);
        p.destroyForcibly().waitFor();
        r.run("add", "f").expect(0);
    }

    /** Holds the repository lock in a child process until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (RepoLock lock = RepoLock.acquire(Path.of(args[0]), "cairn add big")) {
                System.out.print("locked");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }
}
