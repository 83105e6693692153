package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn diff} over real commits: a tracked directory, a single file, pipeline outputs. */
class DiffCommandTest {

    @TempDir
    Path dir;

    /** What {@code diff HEAD~1 HEAD} shows for {@link #history}. */
    private static final String HISTORY_DIFF = """
            Added:
                data/e.txt

            Deleted:
                data/b.txt

            Renamed:
                data/c.txt -> data/c2.txt

            Modified:
                data/
                data/a.txt
                model.bin

            files summary: 1 added, 1 deleted, 1 renamed, 2 modified
            """;

    /**
     * Two commits: the first tracks data/ (a, b, c, sub/d) and model.bin; the second modifies
     * data/a.txt, deletes data/b.txt, renames data/c.txt to data/c2.txt, adds data/e.txt and
     * changes model.bin.
     */
    private TestRepo history(TestRepo r) throws Exception {
        r.write("data/a.txt", "a\n");
        r.write("data/b.txt", "b\n");
        r.write("data/c.txt", "c\n");
        r.write("data/sub/d.txt", "d\n");
        r.write("model.bin", "m1\n");
        commit(r, "v1", "data", "model.bin");
        replace(r, "data/a.txt", "A\n");
        Files.delete(r.path("data/b.txt"));
        Files.move(r.path("data/c.txt"), r.path("data/c2.txt"));
        r.write("data/e.txt", "e\n");
        replace(r, "model.bin", "m2\n");
        commit(r, "v2", "data", "model.bin");
        return r;
    }

    private static void commit(TestRepo r, String message, String... added) throws Exception {
        if (added.length > 0) {
            String[] args = new String[added.length + 1];
            args[0] = "add";
            System.arraycopy(added, 0, args, 1, added.length);
            r.run(args).expect(0);
        }
        try (Git git = Git.open(gitTop(r.root).toFile())) {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            git.commit().setMessage(message).call();
        }
    }

    private static Path gitTop(Path p) {
        return Files.exists(p.resolve(".git")) ? p : gitTop(p.getParent());
    }

    /** Writes a new file in place of one that may be a read-only link into the cache. */
    private static void replace(TestRepo r, String rel, String content) throws Exception {
        Files.delete(r.path(rel));
        r.write(rel, content);
    }

    @Test
    void betweenTwoCommitsListsFilesInsideTheDirectory() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        TestRepo.Run run = r.run("diff", "HEAD~1", "HEAD").expect(0);
        assertEquals(HISTORY_DIFF, run.out());
        assertEquals("", run.err());
        assertEquals("", r.run("diff", "HEAD", "HEAD").expect(0).out(), "no difference, nothing printed");
        assertEquals("", r.run("diff").expect(0).out(), "the workspace is what HEAD records");
    }

    @Test
    void theOtherWayRoundTheRenameGoesBack() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        assertEquals("""
                Added:
                    data/b.txt

                Deleted:
                    data/e.txt

                Renamed:
                    data/c2.txt -> data/c.txt

                Modified:
                    data/
                    data/a.txt
                    model.bin

                files summary: 1 added, 1 deleted, 1 renamed, 2 modified
                """, r.run("diff", "HEAD", "HEAD~1").expect(0).out());
    }

    @Test
    void uncommittedWorkspaceChangesShow() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        replace(r, "data/e.txt", "changed\n");
        r.write("data/f.txt", "f\n");
        Files.delete(r.path("data/sub/d.txt"));
        Files.delete(r.path("model.bin"));
        assertEquals("""
                Added:
                    data/f.txt

                Deleted:
                    data/sub/d.txt
                    model.bin

                Modified:
                    data/
                    data/e.txt

                files summary: 1 added, 2 deleted, 1 modified
                """, r.run("diff").expect(0).out());
        // one revision: that revision against the workspace
        assertEquals("""
                Added:
                    data/e.txt
                    data/f.txt

                Deleted:
                    data/b.txt
                    data/sub/d.txt
                    model.bin

                Renamed:
                    data/c.txt -> data/c2.txt

                Modified:
                    data/
                    data/a.txt

                files summary: 2 added, 3 deleted, 1 renamed, 1 modified
                """, r.run("diff", "HEAD~1").expect(0).out(),
                "e.txt is new since HEAD~1 whatever its content");
    }

    @Test
    void aTrackedSingleFile() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("model.bin", "m1\n");
        commit(r, "v1", "model.bin");
        replace(r, "model.bin", "m2\n");
        commit(r, "v2", "model.bin");
        assertEquals("Modified:\n    model.bin\n\nfiles summary: 1 modified\n", r.run("diff", "HEAD~1", "HEAD").expect(0).out());
        assertEquals("""
                Modified:
                    %s..%s  model.bin

                files summary: 1 modified
                """.formatted(DigestUtils.md5Hex("m1\n").substring(0, 8), DigestUtils.md5Hex("m2\n").substring(0, 8)),
                r.run("diff", "HEAD~1", "HEAD", "--show-hash").expect(0).out());
        // moved by hand and re-added: same content at a new path
        Files.delete(r.path("model.bin.cairn"));
        Files.move(r.path("model.bin"), r.path("model-v2.bin"));
        commit(r, "renamed", "model-v2.bin");
        assertEquals("Renamed:\n    model.bin -> model-v2.bin\n\nfiles summary: 1 renamed\n",
                r.run("diff", "HEAD~1", "HEAD").expect(0).out());
    }

    @Test
    void pipelineOutputsRecordedInTheLockFile() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("raw.txt", "one\ntwo\n");
        r.write("pipeline.yaml", """
                stages:
                  upper:
                    cmd: mkdir -p out && tr a-z A-Z < raw.txt > out/upper.txt && wc -l < raw.txt > count.txt
                    deps: [raw.txt]
                    outs: [out, count.txt]
                """);
        r.run("repro").expect(0);
        commit(r, "first run");
        r.write("raw.txt", "one\nthree\n");
        r.run("repro").expect(0);
        commit(r, "second run");
        assertEquals("Modified:\n    out/\n    out/upper.txt\n\nfiles summary: 1 modified\n",
                r.run("diff", "HEAD~1", "HEAD").expect(0).out(), "count.txt did not change");
        r.write("raw.txt", "one\ntwo\nthree\n");
        r.run("repro").expect(0);
        assertEquals("Modified:\n    count.txt\n    out/\n    out/upper.txt\n\nfiles summary: 2 modified\n",
                r.run("diff").expect(0).out(), "the workspace's new run, not yet committed");
    }

    @Test
    void aTreeMissingFromTheCacheIsNamedWithTheFetchThatGetsIt() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        String oldTree = treeId(r, "HEAD~1");
        Files.delete(r.cacheObject(oldTree));
        TestRepo.Run run = r.run("diff", "HEAD~1", "HEAD").expect(0);
        assertEquals("Modified:\n    data/\n    model.bin\n\nfiles summary: 1 modified\n", run.out(),
                "what is known is printed: the directory changed, its files are unknown");
        assertTrue(run.err().contains("WARNING: the tree of data/ at HEAD~1 (" + oldTree + ") is not in the cache"), run.err());
        assertTrue(run.err().contains("'cairn fetch --rev HEAD~1'"), run.err());
    }

    @Test
    void objectsTheCacheLacksAreNotInCacheAgainstTheWorkspace() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        Path object = r.cacheObject(DigestUtils.md5Hex("e\n"));
        object.toFile().setWritable(true);
        Files.delete(object);
        assertEquals("Not in cache:\n    data/e.txt\n\nfiles summary: 1 not in cache\n", r.run("diff").expect(0).out());
        assertEquals("", r.run("diff", "--hide-missing").expect(0).out());
        assertEquals("{\"added\": [], \"deleted\": [], \"modified\": [], \"renamed\": [], \"not in cache\": [{\"path\": \"data/e.txt\"}]}\n",
                r.run("diff", "--json").expect(0).out());
        assertEquals("", r.run("diff", "HEAD", "HEAD").expect(0).out(), "between commits, as in DVC, the cache is not checked");
    }

    @Test
    void jsonAndMarkdownExactly() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        assertEquals("{\"added\": [{\"path\": \"data/e.txt\"}], \"deleted\": [{\"path\": \"data/b.txt\"}], "
                + "\"modified\": [{\"path\": \"data/\"}, {\"path\": \"data/a.txt\"}, {\"path\": \"model.bin\"}], "
                + "\"renamed\": [{\"path\": {\"old\": \"data/c.txt\", \"new\": \"data/c2.txt\"}}]}\n",
                r.run("diff", "HEAD~1", "HEAD", "--json").expect(0).out());
        assertEquals("""
                | Status   | Path                      |
                |----------|---------------------------|
                | added    | data/e.txt                |
                | deleted  | data/b.txt                |
                | renamed  | data/c.txt -> data/c2.txt |
                | modified | data/                     |
                | modified | data/a.txt                |
                | modified | model.bin                 |
                """, r.run("diff", "HEAD~1", "HEAD", "--md").expect(0).out());
        String e = DigestUtils.md5Hex("e\n");
        String a1 = DigestUtils.md5Hex("a\n");
        String a2 = DigestUtils.md5Hex("A\n");
        assertEquals("{\"added\": [{\"path\": \"data/e.txt\", \"hash\": \"" + e + "\"}], \"deleted\": [], "
                + "\"modified\": [{\"path\": \"data/a.txt\", \"hash\": {\"old\": \"" + a1 + "\", \"new\": \"" + a2 + "\"}}], "
                + "\"renamed\": []}\n",
                r.run("diff", "HEAD~1", "HEAD", "--json", "--show-hash", "--targets", "data/a.txt", "data/e.txt").expect(0).out());
        assertEquals("{\"added\": [], \"deleted\": [], \"modified\": [], \"renamed\": []}\n",
                r.run("diff", "HEAD", "HEAD", "--json").expect(0).out(), "every key, even when equal");
        assertEquals(2, r.run("diff", "--json", "--md").code());
    }

    @Test
    void targetsLimitToOutputsOrPathsInsideThem() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir));
        assertEquals("Modified:\n    model.bin\n\nfiles summary: 1 modified\n",
                r.run("diff", "HEAD~1", "HEAD", "--targets", "model.bin").expect(0).out());
        assertEquals("Modified:\n    model.bin\n\nfiles summary: 1 modified\n",
                r.run("diff", "HEAD~1", "HEAD", "--targets", "model.bin.cairn").expect(0).out(), "a manifest names its output");
        assertEquals("Modified:\n    data/a.txt\n\nfiles summary: 1 modified\n",
                r.run("diff", "HEAD~1", "HEAD", "--targets", "data/a.txt").expect(0).out(),
                "a path inside a directory: its files only, not the directory");
        assertEquals("Renamed:\n    data/c.txt -> data/c2.txt\n\nfiles summary: 1 renamed\n",
                r.run("diff", "HEAD~1", "HEAD", "--targets", "data/c.txt", "data/c2.txt").expect(0).out());
        assertEquals("", r.run("diff", "HEAD~1", "HEAD", "--targets", "data/sub").expect(0).out());
        TestRepo.Run unknown = r.run("diff", "HEAD~1", "HEAD", "--targets", "nothing").expect(2);
        assertTrue(unknown.err().contains("'nothing' is not tracked by Cairn at HEAD~1 or at HEAD"), unknown.err());
        // from a subdirectory targets are relative to it; paths shown stay relative to the root
        assertEquals("Modified:\n    data/a.txt\n\nfiles summary: 1 modified\n",
                r.in("data").run("diff", "HEAD~1", "HEAD", "--targets", "a.txt").expect(0).out());
        assertEquals(HISTORY_DIFF, r.in("data/sub").run("diff", "HEAD~1", "HEAD").expect(0).out());
    }

    @Test
    void aRevisionWithoutManifestsAndACairnRootBelowTheGitTop() throws Exception {
        TestRepo top = TestRepo.git(dir);
        top.write("README", "hello\n");
        commit(top, "no Cairn yet");
        top.run("init").expect(0);
        Path proj = Files.createDirectories(dir.resolve("proj"));
        Files.move(top.path(".cairn"), proj.resolve(".cairn"));
        Files.move(top.path(".cairnignore"), proj.resolve(".cairnignore"));
        TestRepo r = TestRepo.plain(proj);
        r.write("data/a.txt", "a\n");
        commit(r, "data", "data");
        assertEquals("Added:\n    data/\n    data/a.txt\n\nfiles summary: 1 added\n", r.run("diff", "HEAD~1", "HEAD").expect(0).out());
        assertEquals("Deleted:\n    data/\n    data/a.txt\n\nfiles summary: 1 deleted\n", r.run("diff", "HEAD", "HEAD~1").expect(0).out());
        assertEquals("", r.run("diff").expect(0).out());
        replace(r, "data/a.txt", "b\n");
        assertEquals("Modified:\n    data/\n    data/a.txt\n\nfiles summary: 1 modified\n", r.in("data").run("diff").expect(0).out());
    }

    @Test
    void inALinkedWorktreeAndAcrossBranches() throws Exception {
        TestRepo r = history(TestRepo.initialized(dir.resolve("main")));
        Path wt = dir.resolve("wt");
        Process p = new ProcessBuilder("git", "worktree", "add", "-b", "feature", wt.toString())
                .directory(r.root.toFile()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        // the cache is not in Git: the new work tree starts with a copy of the main one's
        Path cache = r.path(".cairn/cache");
        try (var files = Files.walk(cache)) {
            for (Path f : files.toList()) {
                Path to = wt.resolve(".cairn/cache").resolve(cache.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        TestRepo w = TestRepo.plain(wt);
        w.run("checkout").expect(0);
        replace(w, "data/a.txt", "feature\n");
        commit(w, "on feature", "data");
        assertEquals("Modified:\n    data/\n    data/a.txt\n\nfiles summary: 1 modified\n", w.run("diff", "main", "HEAD").expect(0).out());
        // the main work tree's cache never saw the feature branch's tree: the directory only
        TestRepo.Run fromMain = r.run("diff", "HEAD", "feature").expect(0);
        assertEquals("Modified:\n    data/\n\n", fromMain.out(), "no file is known to differ: no summary, as in DVC");
        assertTrue(fromMain.err().contains("the tree of data/ at feature"), fromMain.err());
        assertTrue(fromMain.err().contains("'cairn fetch --rev feature'"), fromMain.err());
    }

    @Test
    void beforeTheFirstCommitEverythingIsAdded() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("model.bin", "m\n");
        r.run("add", "model.bin").expect(0);
        assertEquals("Added:\n    model.bin\n\nfiles summary: 1 added\n", r.run("diff").expect(0).out());
        assertEquals(2, r.run("diff", "nosuchrev").code());
    }

    /** The tree id that data.cairn records at {@code rev}. */
    private static String treeId(TestRepo r, String rev) throws Exception {
        try (Git git = Git.open(r.root.toFile())) {
            var repo = git.getRepository();
            try (var walk = new org.eclipse.jgit.revwalk.RevWalk(repo);
                 var tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, "data.cairn", walk.parseCommit(repo.resolve(rev)).getTree())) {
                String text = new String(repo.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("md5: ([0-9a-f]{32})\\.dir").matcher(text);
                assertTrue(m.find(), text);
                return m.group(1) + ".dir";
            }
        }
    }
}
