package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddCheckoutTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
    }

    @Test
    void addFileWritesManifestCacheObjectAndGitignore() throws Exception {
        r.write("foo", "foo");
        TestRepo.Run run = r.run("add", "foo").expect(0);
        assertEquals("outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n", r.read("foo.cairn"));
        assertEquals("foo", Files.readString(r.cacheObject("acbd18db4cc2f85cedef654fccc4a4d8")));
        assertEquals("/foo\n", r.read(".gitignore"));
        assertTrue(run.out().contains("git add foo.cairn .gitignore"), run.out());
        r.run("add", "foo").expect(0);
        assertEquals("/foo\n", r.read(".gitignore"), "the .gitignore entry is written once");
    }

    @Test
    void addDirectoryMatchesDvcGoldenTree() throws Exception {
        r.write("data/foo", "foo");
        r.write("data/bar", "bar");
        Files.createDirectories(r.path("data/empty"));
        r.run("add", "data").expect(0);
        assertEquals("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n",
                r.read("data.cairn"));
        assertEquals("[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]",
                Files.readString(r.root.resolve(".cairn/cache/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir")));
    }

    @Test
    void addInSubdirectoryKeepsGitignoreNextToTarget() throws Exception {
        r.write("sub/model.pt", "weights");
        r.in("sub").run("add", "model.pt").expect(0);
        assertEquals("/model.pt\n", r.read("sub/.gitignore"));
        assertTrue(r.read("sub/model.pt.cairn").contains("path: model.pt"));
    }

    @Test
    void readdOfUnchangedTargetDoesNotReadFiles() throws Exception {
        Path f = r.write("data/a", "aaaa");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        r.run("add", "data").expect(0);
        String before = r.read("data.cairn");
        // Same size, same inode, same mtime, other bytes: only a re-read could notice.
        FileTime mtime = Files.getLastModifiedTime(f);
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("bbbb".getBytes(StandardCharsets.UTF_8)));
        }
        Files.setLastModifiedTime(f, mtime);
        r.run("add", "data").expect(0);
        assertEquals(before, r.read("data.cairn"), "unchanged stat data means the hash cache answered");
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtime.toMillis() + 5000));
        r.run("add", "data").expect(0);
        assertFalse(before.equals(r.read("data.cairn")), "changed stat data means the file is hashed again");
    }

    @Test
    void globAddsEveryMatch() throws Exception {
        r.write("a.csv", "1");
        r.write("b.csv", "2");
        r.write("c.txt", "3");
        r.write("models/m1.pt", "1");
        r.write("models/m2.pt", "2");
        r.write("models/notes.md", "n");
        r.run("add", "--glob", "*.csv").expect(0);
        assertTrue(r.exists("a.csv.cairn") && r.exists("b.csv.cairn"));
        assertFalse(r.exists("c.txt.cairn"));
        r.run("add", "--glob", "models/*.pt").expect(0);
        assertTrue(r.exists("models/m1.pt.cairn") && r.exists("models/m2.pt.cairn"));
        assertFalse(r.exists("models/notes.md.cairn"));
        r.run("add", "--glob", "nothing*").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void addOutCopiesAnOutsidePathIntoTheWorkspace() throws Exception {
        Path outside = Files.createDirectories(tmp.resolveSibling(tmp.getFileName() + "-src"));
        Files.writeString(outside.resolve("x.bin"), "foo");
        r.run("add", outside.resolve("x.bin").toString(), "-o", "imported/x.bin").expect(0);
        assertEquals("foo", r.read("imported/x.bin"));
        assertTrue(r.read("imported/x.bin.cairn").contains("acbd18db4cc2f85cedef654fccc4a4d8"));
        assertTrue(Files.exists(outside.resolve("x.bin")), "the source is left alone");
    }

    @Test
    void checkoutRestoresDeletedAndRemovesFilesTheTreeDoesNotHold() throws Exception {
        r.write("data/a", "a");
        r.write("data/sub/b", "b");
        r.run("add", "data").expect(0);
        String recorded = r.read("data.cairn");
        // a later version adds a file; check the old version out again
        r.write("data/c", "c");
        r.run("add", "data").expect(0);
        Files.writeString(r.path("data.cairn"), recorded);
        Files.delete(r.path("data/sub/b"));
        r.run("checkout").expect(0);
        assertEquals("b", r.read("data/sub/b"));
        assertFalse(r.exists("data/c"), "c is in the cache, so removing it loses nothing");
        r.run("status").expect(0);
    }

    @Test
    void checkoutRefusesToOverwriteModificationsUnlessForced() throws Exception {
        r.write("data/a", "a");
        r.write("model", "m1");
        r.run("add", "data", "model").expect(0);
        r.write("data/a", "edited");
        r.write("data/new", "untracked work");
        r.write("model", "m2");
        TestRepo.Run run = r.run("checkout").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("data/a") && run.err().contains("data/new") && run.err().contains("model"), run.err());
        assertEquals("edited", r.read("data/a"));
        assertEquals("untracked work", r.read("data/new"));
        assertEquals("m2", r.read("model"));
        r.run("checkout", "-f").expect(0);
        assertEquals("a", r.read("data/a"));
        assertFalse(r.exists("data/new"));
        assertEquals("m1", r.read("model"));
    }

    @Test
    void missingObjectsAreListedAndTheRestIsRestored() throws Exception {
        r.write("one", "1");
        r.write("two", "2");
        r.run("add", "one", "two").expect(0);
        Files.delete(r.path("one"));
        Files.delete(r.path("two"));
        Files.delete(r.cacheObject("c4ca4238a0b923820dcc509a6f75849b")); // md5("1")
        TestRepo.Run run = r.run("checkout").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("one") && run.err().contains("cairn pull"), run.err());
        assertEquals("2", r.read("two"));
    }

    @Test
    void executablesStayExecutableWithHardlinks() throws Exception {
        r.run("config", "cache.type", "hardlink").expect(0);
        Path s = r.write("tools/run.sh", "#!/bin/sh\n");
        s.toFile().setExecutable(true);
        r.run("add", "tools/run.sh").expect(0);
        assertTrue(Files.isExecutable(s));
        r.run("add", "tools/run.sh").expect(0);
        assertTrue(r.read("tools/run.sh.cairn").contains("isexec: true"));
    }

    @Test
    void checkoutRestoresTheExecutableBit() throws Exception {
        Path s = r.write("run.sh", "#!/bin/sh\n");
        s.toFile().setExecutable(true);
        r.run("add", "run.sh").expect(0);
        assertTrue(r.read("run.sh.cairn").contains("isexec: true"));
        Files.delete(s);
        r.run("checkout", "run.sh").expect(0);
        assertTrue(Files.isExecutable(s));
    }

    @Test
    void commitRecordsChangesOfTrackedOutputs() throws Exception {
        r.write("data/a", "a");
        r.run("add", "data").expect(0);
        r.write("data/b", "b");
        TestRepo.Run run = r.run("commit").expect(0);
        assertTrue(run.out().contains("data"), run.out());
        assertTrue(r.read("data.cairn").contains("nfiles: 2"));
        r.run("status").expect(0);
        assertEquals("", r.run("status").out());
    }

    @Test
    void cairnignoreAppliesInsideTrackedDirectories() throws Exception {
        r.write(".cairnignore", "*.tmp\n");
        r.write("data/keep", "k");
        r.write("data/scratch.tmp", "junk");
        r.run("add", "data").expect(0);
        assertTrue(r.read("data.cairn").contains("nfiles: 1"));
        r.write("data/more.tmp", "junk");
        assertEquals("", r.run("status").expect(0).out());
    }

    @Test
    void temporaryFilesLeftByAKilledCommandAreNeverTracked() throws Exception {
        r.write("data/a", "a");
        r.run("add", "data").expect(0);
        r.write("data/.cairn-tmp-k3x9-a", "half a copy");
        assertEquals("", r.run("status").expect(0).out(), "status skips them (and, holding no lock, keeps them)");
        assertTrue(r.exists("data/.cairn-tmp-k3x9-a"));
        r.run("checkout").expect(0);
        assertFalse(r.exists("data/.cairn-tmp-k3x9-a"), "a command holding the lock removes them");
    }
}
