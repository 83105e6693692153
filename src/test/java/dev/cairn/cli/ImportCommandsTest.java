package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get, import, update and ls against a real source repository with a history, a tag and a local remote. */
class ImportCommandsTest {

    @TempDir
    Path dir;
    TestRepo src;
    Path store;
    String v1;

    /**
     * The source: a tracked directory {@code images}, a tracked file {@code model.bin} and a stage
     * output {@code out/result.txt}, committed and tagged v1, then a second commit on main that
     * changes the model and a picture. Only v1 is pushed, to a remote configured by a relative path.
     */
    @BeforeEach
    void source() throws Exception {
        src = TestRepo.initialized(dir.resolve("src"));
        store = Files.createDirectories(dir.resolve("store"));
        src.run("remote", "add", "-d", "store", "../store").expect(0);
        src.write("images/cat.txt", "meow\n");
        src.write("images/dog.txt", "woof\n");
        src.write("images/sub/fish.txt", "blub\n");
        src.write("model.bin", "model one\n");
        src.write("pipeline.yaml", """
                stages:
                  report:
                    cmd: mkdir -p out && cat model.bin > out/result.txt
                    deps: [model.bin]
                    outs: [out/result.txt]
                """);
        src.run("add", "images", "model.bin").expect(0);
        src.run("repro").expect(0);
        v1 = commit("v1");
        try (Git git = Git.open(src.root.toFile())) {
            git.tag().setName("v1").call();
        }
        src.run("push").expect(0);
        src.write("model.bin", "model two\n");
        src.write("images/cat.txt", "purr\n");
        src.run("add", "images", "model.bin").expect(0);
        src.run("repro").expect(0);
        commit("v2");
    }

    private String commit(String message) throws Exception {
        try (Git git = Git.open(src.root.toFile())) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).call().getName();
        }
    }

    private TestRepo consumer() throws Exception {
        return TestRepo.initialized(dir.resolve("consumer"));
    }

    private TestRepo plainDir() throws Exception {
        return TestRepo.plain(Files.createDirectories(dir.resolve("elsewhere")));
    }

    @Test
    void lsListsGitFilesAndMarksOutputs() throws Exception {
        TestRepo here = plainDir();
        TestRepo.Run top = here.run("ls", src.root.toString()).expect(0);
        List<String> lines = top.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("images/\\s+cairn")), top.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("model\\.bin\\s+cairn")), top.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("images\\.cairn\\s+git")), top.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("out/\\s+git")), "out/ holds the stage's .gitignore: " + top.out());
        assertFalse(top.out().contains(".cairn/"), "Cairn's own directory is not listed: " + top.out());

        TestRepo.Run inside = here.run("ls", src.root.toString(), "images", "-R", "--json").expect(0);
        assertEquals("[{\"path\": \"cat.txt\", \"isdir\": false, \"isout\": true, \"md5\": \"" + md5("purr\n") + "\"}, "
                + "{\"path\": \"dog.txt\", \"isdir\": false, \"isout\": true, \"md5\": \"" + md5("woof\n") + "\"}, "
                + "{\"path\": \"sub/fish.txt\", \"isdir\": false, \"isout\": true, \"md5\": \"" + md5("blub\n") + "\"}]\n",
                inside.out());

        TestRepo.Run stage = here.run("ls", src.root.toString(), "out", "--cairn-only").expect(0);
        assertEquals("result.txt  cairn\n", stage.out());
        TestRepo.Run old = here.run("ls", src.root.toString(), "images/cat.txt", "--rev", "v1", "--json").expect(0);
        assertTrue(old.out().contains(md5("meow\n")), old.out());

        TestRepo.Run missing = here.run("ls", src.root.toString(), "nope").expect(2);
        assertTrue(missing.err().contains("'nope' is not tracked by Cairn") && missing.err().contains("\timages\n"), missing.err());
    }

    @Test
    void getFileDirectoryAndPathsInsideADirectory() throws Exception {
        TestRepo here = plainDir();
        String url = src.root.toString();
        TestRepo.Run file = here.run("get", url, "model.bin").expect(0);
        assertTrue(file.out().contains("Downloaded 'model.bin' (1 file(s))"), file.out());
        assertEquals("model two\n", here.read("model.bin"));

        here.run("get", url, "images/", "-o", "pictures").expect(0);
        assertEquals("purr\n", here.read("pictures/cat.txt"));
        assertEquals("blub\n", here.read("pictures/sub/fish.txt"));
        assertTrue(Files.isWritable(here.path("pictures/cat.txt")), "plain files, not read-only cache links");

        here.run("get", url, "images/sub/fish.txt").expect(0);
        assertEquals("blub\n", here.read("fish.txt"));
        Files.createDirectories(here.path("fresh"));
        here.run("get", url, "images/sub", "-o", "fresh").expect(0);
        assertEquals("blub\n", here.read("fresh/sub/fish.txt"), "an existing directory as -o receives the data inside it");
        here.run("get", url, "out/result.txt").expect(0);
        assertEquals("model two\n", here.read("result.txt"), "stage outputs of pipeline.lock are outputs too");

        TestRepo.Run exists = here.run("get", url, "model.bin").expect(2);
        assertTrue(exists.err().contains("exists already; use -f"), exists.err());
        here.run("get", url, "model.bin", "--rev", "v1", "-f").expect(0);
        assertEquals("model one\n", here.read("model.bin"));
        assertNoTemporaryFiles(here.root);
        assertFalse(Files.exists(here.path(".cairn")), "get tracks nothing");
    }

    @Test
    void missingPathOrRevisionIsBadInputAndWritesNothing() throws Exception {
        TestRepo here = plainDir();
        TestRepo.Run missing = here.run("get", src.root.toString(), "images/horse.txt");
        missing.expect(2);
        assertTrue(missing.err().contains("'images/horse.txt' is not tracked by Cairn"), missing.err());
        assertTrue(missing.err().contains("\timages\n") && missing.err().contains("\tmodel.bin\n")
                && missing.err().contains("\tout/result.txt"), "lists what is tracked: " + missing.err());
        TestRepo.Run gitFile = here.run("get", src.root.toString(), "pipeline.yaml").expect(2);
        assertTrue(gitFile.err().contains("Git tracks it"), gitFile.err());
        TestRepo.Run rev = here.run("get", src.root.toString(), "model.bin", "--rev", "nope").expect(2);
        assertTrue(rev.err().contains("unknown revision 'nope'"), rev.err());
        here.run("get", dir.resolve("absent").toString(), "model.bin").expect(2);
        try (Stream<Path> files = Files.list(here.root)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void objectsOnlyOnTheRemoteAndThenNowhere() throws Exception {
        TestRepo here = plainDir();
        // one object lost from the source's cache: that one comes from the remote, the rest from the cache
        Files.delete(src.cacheObject(md5("meow\n")));
        here.run("get", src.root.toString(), "images", "--rev", "v1", "-o", "mixed").expect(0);
        assertEquals("meow\n", here.read("mixed/cat.txt"));
        assertEquals("woof\n", here.read("mixed/dog.txt"));

        // a damaged copy on the remote is refused, and nothing is written
        Path woof = store.resolve("files/md5/" + md5("woof\n").substring(0, 2) + "/" + md5("woof\n").substring(2));
        Files.delete(src.cacheObject(md5("woof\n")));
        woof.toFile().setWritable(true);
        Files.writeString(woof, "bark\n");
        TestRepo.Run corrupt = here.run("get", src.root.toString(), "images/dog.txt", "--rev", "v1").expect(1);
        assertTrue(corrupt.err().contains("do not match their hash"), corrupt.err());
        assertFalse(Files.exists(here.path("dog.txt")));
        Files.writeString(woof, "woof\n");

        deleteTree(src.path(".cairn/cache"));
        here.run("get", src.root.toString(), "images", "--rev", "v1").expect(0);
        assertEquals("meow\n", here.read("images/cat.txt"));

        // main's second commit was never pushed: its new objects are nowhere now
        TestRepo.Run lost = here.run("get", src.root.toString(), "model.bin", "-o", "m.bin").expect(1);
        assertTrue(lost.err().contains("missing from"), lost.err());
        assertFalse(Files.exists(here.path("m.bin")));

        src.run("remote", "remove", "store").expect(0);
        commit("no remote");
        TestRepo.Run noRemote = here.run("get", src.root.toString(), "model.bin").expect(1);
        assertTrue(noRemote.err().contains("sets no default remote"), noRemote.err());
        TestRepo.Run noTree = here.run("get", src.root.toString(), "images/dog.txt").expect(1);
        assertTrue(noTree.err().contains("file list of 'images'") && noTree.err().contains("sets no default remote"), noTree.err());
        assertFalse(Files.exists(here.path("model.bin")) || Files.exists(here.path("dog.txt")));
        assertNoTemporaryFiles(here.root);
    }

    @Test
    void importRecordsTheSourceAndUpdateFollowsIt() throws Exception {
        TestRepo r = consumer();
        TestRepo.Run imported = r.run("import", "../src", "images").expect(0);
        assertTrue(imported.out().contains("Imported 'images'"), imported.out());
        String head = head();
        String tree = r.read("images.cairn");
        assertTrue(tree.startsWith("outs:\n- md5: "), tree);
        assertTrue(tree.contains("  nfiles: 3\n  hash: md5\n  path: images\nfrozen: true\ndeps:\n- path: images\n"
                + "  repo:\n    url: ../src\n    rev_lock: " + head + "\n"), tree);
        assertEquals("purr\n", r.read("images/cat.txt"));
        assertTrue(r.read(".gitignore").contains("/images"));
        r.run("status").expect(0);

        TestRepo.Run same = r.run("update", "images.cairn").expect(0);
        assertTrue(same.out().contains("'images' is up to date"), same.out());

        src.write("images/cat.txt", "hiss\n");
        src.run("add", "images").expect(0);
        String v3 = commit("v3");
        TestRepo.Run updated = r.run("update", "images").expect(0);
        assertTrue(updated.out().contains("Updated 'images' to " + v3.substring(0, 8)), updated.out());
        assertEquals("hiss\n", r.read("images/cat.txt"));
        assertTrue(r.read("images.cairn").contains("rev_lock: " + v3), r.read("images.cairn"));

        TestRepo.Run notImport = r.run("update", "nothing.cairn").expect(2);
        assertTrue(notImport.err().contains("no manifest 'nothing.cairn'"), notImport.err());
        r.write("plain.txt", "mine\n");
        r.run("add", "plain.txt").expect(0);
        TestRepo.Run plain = r.run("update", "plain.txt").expect(2);
        assertTrue(plain.err().contains("'plain.txt.cairn' is not an import"), plain.err());
    }

    @Test
    void importATagThenMoveTheImportToABranch() throws Exception {
        TestRepo r = consumer();
        r.run("import", src.root.toString(), "model.bin", "--rev", "v1", "-o", "models/m.bin").expect(0);
        assertEquals("model one\n", r.read("models/m.bin"));
        String manifest = r.read("models/m.bin.cairn");
        assertTrue(manifest.contains("url: " + src.root + "\n    rev: v1\n    rev_lock: " + v1 + "\n"), manifest);
        TestRepo.Run same = r.run("update", "models/m.bin.cairn").expect(0);
        assertTrue(same.out().contains("up to date"), same.out());
        r.run("update", "models/m.bin.cairn", "--rev", "main").expect(0);
        assertEquals("model two\n", r.read("models/m.bin"));
        assertTrue(r.read("models/m.bin.cairn").contains("rev: main\n    rev_lock: " + head()), r.read("models/m.bin.cairn"));

        TestRepo.Run again = r.run("import", src.root.toString(), "model.bin", "-o", "models/m.bin").expect(2);
        assertTrue(again.err().contains("exists already"), again.err());
        r.run("import", src.root.toString(), "images/sub", "-o", "fish").expect(0);
        assertEquals("blub\n", r.read("fish/fish.txt"));
        r.run("checkout").expect(0);
        r.run("status").expect(0);
    }

    @Test
    void gitUrlsAreFetchedIntoATemporaryDirectory() throws Exception {
        TestRepo here = plainDir();
        String url = src.root.toUri().toString();
        here.run("get", url, "model.bin", "--rev", "v1").expect(0);
        assertEquals("model one\n", here.read("model.bin"));
        TestRepo.Run ls = here.run("ls", url, "images", "--rev", v1.substring(0, 10)).expect(0);
        assertTrue(ls.out().contains("cat.txt"), ls.out());
        // a fetched source has no cache here: main's data must be on the remote first
        assertEquals(1, here.run("get", url, "images/cat.txt").code());
        src.run("push").expect(0);
        here.run("get", url, "images/cat.txt").expect(0);
        assertEquals("purr\n", here.read("cat.txt"), "without --rev: the source's HEAD");

        Path bare = dir.resolve("bare.git");
        Git.cloneRepository().setURI(src.root.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        TestRepo r = consumer();
        r.run("import", bare.toString(), "images/dog.txt", "--rev", "v1").expect(0);
        assertEquals("woof\n", r.read("dog.txt"));
        try (Stream<Path> tmp = Files.list(r.path(".cairn/tmp"))) {
            assertTrue(tmp.noneMatch(p -> p.getFileName().toString().contains("source")), "the temporary clone is gone");
        }
    }

    private String head() throws Exception {
        try (Git git = Git.open(src.root.toFile())) {
            return git.getRepository().resolve("HEAD").getName();
        }
    }

    private static String md5(String s) {
        return DigestUtils.md5Hex(s);
    }

    private static void assertNoTemporaryFiles(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> temps = all.filter(p -> p.getFileName().toString().startsWith(".cairn-tmp-")).toList();
            assertEquals(List.of(), temps);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
