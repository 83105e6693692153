package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn merge-driver}: through a real {@code git merge}, and called directly as Git would. */
class HooksMergeDriverTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(Files.createDirectories(tmp.resolve("repo")));
    }

    @Test
    void gitMergeOfBranchesAddingDifferentFilesToOneDirectoryEndsCleanWithTheUnion() throws Exception {
        GitProcess git = baseCommitOnBranchFeature();
        r.write("data/c", "c");
        r.run("add", "data").expect(0);
        git.git("commit", "--no-verify", "-q", "-am", "add c").expect(0);
        quietGit(git, "checkout", "-q", "main");
        r.run("checkout").expect(0);
        assertFalse(r.exists("data/c"));
        r.write("data/d", "dd");
        r.run("add", "data").expect(0);
        git.git("commit", "--no-verify", "-q", "-am", "add d").expect(0);

        GitProcess.Result merge = git.git("merge", "--no-edit", "feature").expect(0);
        assertTrue(merge.output().contains("cairn: merged data.cairn: data now holds 4 file(s), with 1 change(s) from the other side"),
                merge.output());
        assertEquals("", git.git("status", "--porcelain").expect(0).output());
        r.run("checkout").expect(0);
        assertEquals(List.of("a", "b", "c", "d"), files("data"));
        assertTrue(r.read("data.cairn").contains("  size: 5\n  nfiles: 4\n"), r.read("data.cairn"));
        assertEquals("", r.run("status").expect(0).out(), "the merged manifest matches the checked-out data");
    }

    @Test
    void gitMergeOfTheSameFileChangedOnBothSidesLeavesAConflictNamingIt() throws Exception {
        GitProcess git = baseCommitOnBranchFeature();
        r.write("data/a", "feature's a");
        r.run("add", "data").expect(0);
        git.git("commit", "--no-verify", "-q", "-am", "change a").expect(0);
        quietGit(git, "checkout", "-q", "main");
        r.run("checkout").expect(0);
        r.write("data/a", "main's a");
        r.write("data/e", "e");
        r.run("add", "data").expect(0);
        git.git("commit", "--no-verify", "-q", "-am", "change a too").expect(0);
        String ours = r.read("data.cairn");

        GitProcess.Result merge = git.git("merge", "--no-edit", "feature");
        assertEquals(1, merge.code(), merge.output());
        assertTrue(merge.output().contains("ERROR: cannot merge data.cairn:\n\tdata/a: changed on both sides\n"), merge.output());
        assertTrue(merge.output().contains("CONFLICT"), merge.output());
        assertEquals(ours, r.read("data.cairn"), "ours is left as it was");
        assertEquals("data.cairn\n", git.git("diff", "--name-only", "--diff-filter=U").expect(0).output());
    }

    @Test
    void mergesAdditionsDeletionsAndSameChangesFileByFile() throws Exception {
        String ancestor = manifestOf(Map.of("a", "a", "b", "b", "c", "c", "same", "s"));
        String ours = manifestOf(Map.of("a", "a2", "b", "b", "same", "s", "both", "x", "mine/1", "m"));
        String theirs = manifestOf(Map.of("a", "a", "c", "c", "same", "s", "both", "x", "yours", "yy"));
        TestRepo.Run run = driver(ancestor, ours, theirs).expect(0);
        assertTrue(run.out().contains("data now holds 5 file(s), with 2 change(s) from the other side"), run.out());
        // what a fresh add of the expected union gives, size included
        String expected = manifestOf(Map.of("a", "a2", "same", "s", "both", "x", "mine/1", "m", "yours", "yy"));
        assertEquals(expected, r.read("ours.cairn"));
    }

    @Test
    void bothSidesAddingTheDirectoryWithoutACommonAncestorMergeFromAnEmptyOne() throws Exception {
        String ours = manifestOf(Map.of("x", "1", "shared", "s"));
        String theirs = manifestOf(Map.of("y", "2", "shared", "s"));
        driver("", ours, theirs).expect(0);
        assertEquals(manifestOf(Map.of("x", "1", "y", "2", "shared", "s")), r.read("ours.cairn"));
    }

    @Test
    void conflictsNameEveryFileAndLeaveOursUntouched() throws Exception {
        String ancestor = manifestOf(Map.of("a", "a", "b", "b", "c", "c"));
        String ours = manifestOf(Map.of("a", "a1", "c", "c2", "n", "new", "f", "file"));
        String theirs = manifestOf(Map.of("a", "a2", "b", "b2", "n", "other", "f/g", "nested"));
        TestRepo.Run run = driver(ancestor, ours, theirs).expect(1);
        assertTrue(run.err().contains("data/a: changed on both sides"), run.err());
        assertTrue(run.err().contains("data/b: deleted on our side, changed on theirs"), run.err());
        assertTrue(run.err().contains("data/c: changed on our side, deleted on theirs"), run.err());
        assertTrue(run.err().contains("data/n: added on both sides with different contents"), run.err());
        assertTrue(run.err().contains("data/f: a file on one side, a directory holding f/g on the other"), run.err());
        assertEquals(ours, r.read("ours.cairn"));
    }

    @Test
    void aTreeMissingFromTheCacheIsNamedWithAHintToFetch() throws Exception {
        String ancestor = manifestOf(Map.of("a", "a"));
        String ours = manifestOf(Map.of("a", "a", "b", "b"));
        String theirs = manifestOf(Map.of("a", "a", "c", "c"));
        String id = theirs.substring(theirs.indexOf("md5: ") + 5, theirs.indexOf(".dir"));
        Files.delete(r.cacheObject(id + ".dir"));
        TestRepo.Run run = driver(ancestor, ours, theirs).expect(1);
        assertTrue(run.err().contains("the cache lacks the directory listings of\n\tdata (theirs, " + id + ".dir)"), run.err());
        assertTrue(run.err().contains("cairn fetch"), run.err());
        assertEquals(ours, r.read("ours.cairn"));
    }

    @Test
    void aFileOutputChangedOnBothSidesIsAConflict() throws Exception {
        r.write("model.pt", "v0");
        r.run("add", "model.pt").expect(0);
        String ancestor = r.read("model.pt.cairn");
        r.write("model.pt", "v1");
        r.run("add", "model.pt").expect(0);
        String ours = r.read("model.pt.cairn");
        r.write("model.pt", "v2");
        r.run("add", "model.pt").expect(0);
        String theirs = r.read("model.pt.cairn");
        TestRepo.Run run = driver(ancestor, ours, theirs).expect(1);
        assertTrue(run.err().contains("model.pt: both sides changed it, and a tracked file cannot be merged"), run.err());
        assertTrue(run.err().contains("git checkout --ours"), run.err());
        assertEquals(ours, r.read("ours.cairn"));
    }

    @Test
    void oneSideChangingOnlyTheDataAndTheOtherOnlyADescriptionMergesBoth() throws Exception {
        String ancestor = manifestOf(Map.of("a", "a"));
        String ours = manifestOf(Map.of("a", "a", "b", "b"));
        String theirs = ancestor.replace("  path: data\n", "  path: data\n  desc: the raw images\n");
        driver(ancestor, ours, theirs).expect(0);
        assertEquals(ours.replace("  path: data\n", "  path: data\n  desc: the raw images\n"), r.read("ours.cairn"));
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, r.run("merge-driver", "only-one").code());
        TestRepo.Run run = r.run("merge-driver", "nope-o", "nope-a", "nope-b", "data.cairn").expect(2);
        assertTrue(run.err().contains("no such file"), run.err());
        r.write("o", "");
        r.write("a", "outs: [");
        r.write("b", "outs: []\n");
        assertTrue(r.run("merge-driver", "o", "a", "b", "data.cairn").expect(2).err().contains("data.cairn (ours)"));
    }

    @Test
    void helpDoesNotListTheDriverButListsInstallUnderGit() {
        String help = r.run("--help").expect(0).out();
        assertTrue(help.contains("Git commands:\n") && help.substring(help.indexOf("Git commands:")).contains("\n  install "), help);
        assertFalse(help.contains("merge-driver"), help);
    }

    /**
     * Git without hooks: each hook starts a JVM, and the hooks have their own tests; here only the
     * merge driver runs Cairn in a separate process.
     */
    /** Hooks installed, data/a and data/b tracked and committed on main, branch "feature" checked out. */
    private GitProcess baseCommitOnBranchFeature() throws IOException {
        GitProcess git = new GitProcess(r.root, Files.createDirectories(tmp.resolve("scratch")));
        r.run("install").expect(0);
        r.write("data/a", "a");
        r.write("data/b", "b");
        r.run("add", "data").expect(0);
        git.git("add", "-A").expect(0);
        git.git("commit", "--no-verify", "-q", "-m", "base").expect(0);
        quietGit(git, "checkout", "-q", "-b", "feature");
        return git;
    }

    private void quietGit(GitProcess git, String... args) throws IOException {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = "core.hooksPath=" + Files.createDirectories(tmp.resolve("no-hooks"));
        System.arraycopy(args, 0, all, 2, args.length);
        git.git(all).expect(0);
    }

    /** Makes {@code data} hold exactly {@code files}, adds it and returns its manifest. */
    private String manifestOf(Map<String, String> files) throws IOException {
        Path data = r.path("data");
        if (Files.exists(data)) {
            try (Stream<Path> walk = Files.walk(data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    p.toFile().setWritable(true);
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> e : new LinkedHashMap<>(files).entrySet()) {
            r.write("data/" + e.getKey(), e.getValue());
        }
        r.run("add", "data").expect(0);
        return r.read("data.cairn");
    }

    /** Writes the three versions as Git's temporary files and runs the driver on them, as Git does. */
    private TestRepo.Run driver(String ancestor, String ours, String theirs) throws IOException {
        r.write("ancestor.cairn", ancestor);
        r.write("ours.cairn", ours);
        r.write("theirs.cairn", theirs);
        return r.run("merge-driver", "ancestor.cairn", "ours.cairn", "theirs.cairn", "data.cairn");
    }

    private List<String> files(String dir) throws IOException {
        Path root = r.path(dir);
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
