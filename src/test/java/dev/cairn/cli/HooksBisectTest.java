package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code git bisect run} over data (docs/git-workflows.md): 20 commits each change a tracked
 * directory, the 13th brings a bad row, and the real {@code git bisect} must name that commit —
 * once with a script that runs {@code cairn checkout} itself, once with the post-checkout hook
 * doing it.
 */
class HooksBisectTest {

    private static final int COMMITS = 20;
    private static final int BAD = 13;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "checkout by {0}")
    @ValueSource(strings = {"script", "hook"})
    void gitBisectRunNamesTheCommitWhoseDataWentBad(String checkoutBy) throws Exception {
        TestRepo r = TestRepo.initialized(Files.createDirectories(tmp.resolve("repo")));
        GitProcess git = new GitProcess(r.root, Files.createDirectories(tmp.resolve("scratch")));
        String first = null;
        String bad = null;
        // the history is written in-process (JGit), which is quicker than 60 git processes
        try (Git g = Git.open(r.root.toFile())) {
            PersonIdent me = new PersonIdent("Test", "test@example.com");
            g.add().addFilepattern(".").call();
            g.commit().setMessage("Initialize Cairn").setAuthor(me).setCommitter(me).setSign(false).call();
            StringBuilder labels = new StringBuilder("id,label\n");
            for (int i = 1; i <= COMMITS; i++) {
                labels.append(i).append(',').append(i == BAD ? "NaN" : "cat-" + i % 3).append('\n');
                r.write("data/labels.csv", labels.toString());
                r.write("data/images/img-" + i + ".txt", "pixels of image " + i);
                r.run("add", "data").expect(0);
                g.add().addFilepattern("data.cairn").addFilepattern(".gitignore").call();
                String sha = g.commit().setMessage("data " + i).setAuthor(me).setCommitter(me).setSign(false).call().name();
                first = i == 1 ? sha : first;
                bad = i == BAD ? sha : bad;
            }
        }

        boolean byHook = checkoutBy.equals("hook");
        if (byHook) {
            r.run("install").expect(0);
        }
        // exit 125 tells git bisect to skip a commit whose data cannot be checked out
        Path check = GitProcess.writeScript(tmp.resolve("check-data.sh"), "#!/bin/sh\n"
                + (byHook ? "" : "cairn checkout || exit 125\n")
                + "if grep -q NaN data/labels.csv; then exit 1; fi\n"
                + "exit 0\n");
        git.git("bisect", "start").expect(0);
        git.git("bisect", "bad", "main").expect(0);
        git.git("bisect", "good", first).expect(0);
        GitProcess.Result run = git.git("bisect", "run", check.toString()).expect(0);
        assertTrue(run.output().contains(bad + " is the first bad commit"), run.output());
        git.git("bisect", "reset").expect(0);

        if (byHook) {
            // 'git bisect reset' went back to main, and the hook brought main's data back with it
            assertTrue(r.read("data/labels.csv").endsWith(COMMITS + ",cat-" + COMMITS % 3 + "\n"), r.read("data/labels.csv"));
        }
    }
}
