package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void createsMetadataInAGitWorkTree() throws Exception {
        TestRepo r = TestRepo.git(tmp);
        r.run("init").expect(0);
        assertTrue(Files.isDirectory(r.path(".cairn/cache")));
        assertTrue(Files.isDirectory(r.path(".cairn/tmp")));
        assertTrue(Files.isRegularFile(r.path(".cairn/config")));
        assertEquals("/config.local\n/tmp\n/cache\n", r.read(".cairn/.gitignore"));
        assertTrue(r.exists(".cairnignore"));
    }

    @Test
    void refusesOutsideGitUnlessNoScm() throws Exception {
        TestRepo r = TestRepo.plain(tmp);
        TestRepo.Run run = r.run("init").expect(ExitCodes.STATE);
        assertTrue(run.err().contains("--no-scm"), run.err());
        assertTrue(!r.exists(".cairn"));
        r.run("init", "--no-scm").expect(0);
        assertTrue(r.read(".cairn/config").contains("no_scm = True"));
    }

    @Test
    void fromASubdirectoryInitialisesTheTopOfTheWorkTree() throws Exception {
        TestRepo r = TestRepo.git(tmp);
        Files.createDirectories(r.path("src/deep"));
        r.in("src/deep").run("init").expect(0);
        assertTrue(Files.isDirectory(r.path(".cairn")));
        assertTrue(!Files.exists(r.path("src/deep/.cairn")));
    }

    @Test
    void refusesToReinitialiseWithoutForceAndKeepsTheCacheWithIt() throws Exception {
        TestRepo r = TestRepo.initialized(tmp);
        r.write("f", "foo");
        r.run("add", "f").expect(0);
        r.run("init").expect(ExitCodes.STATE);
        r.run("init", "-f").expect(0);
        assertTrue(Files.exists(r.cacheObject("acbd18db4cc2f85cedef654fccc4a4d8")));
    }

    @Test
    void worksInALinkedWorktree() throws Exception {
        Path main = Files.createDirectories(tmp.resolve("main"));
        TestRepo r = TestRepo.git(main);
        r.write("README", "x");
        try (Git git = Git.open(main.toFile())) {
            git.add().addFilepattern("README").call();
            git.commit().setMessage("first").setSign(false).call();
        }
        Path wt = tmp.resolve("wt");
        Process p = new ProcessBuilder("git", "worktree", "add", wt.toString()).directory(main.toFile())
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        TestRepo w = TestRepo.plain(wt);
        assertTrue(Files.isRegularFile(wt.resolve(".git")), "a linked worktree has a .git file");
        w.run("init").expect(0);
        w.write("data/a", "foo");
        w.run("add", "data").expect(0);
        assertTrue(w.read(".gitignore").contains("/data"));
        w.run("status").expect(0);
    }

    @Test
    void commandsOutsideARepositoryExitWithState() throws Exception {
        TestRepo r = TestRepo.git(tmp);
        TestRepo.Run run = r.run("status").expect(ExitCodes.STATE);
        assertTrue(run.err().contains("cairn init"), run.err());
    }
}
