package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
        r.write("data/a", "a");
        r.write("data/b", "b");
        r.write("model.pt", "m");
        r.run("add", "data", "model.pt").expect(0);
    }

    @Test
    void cleanWorkspaceIsSilent() {
        TestRepo.Run run = r.run("status").expect(0);
        assertEquals("", run.out());
        assertEquals("", run.err());
    }

    @Test
    void reportsModifiedNewDeletedFilesInsideDirectories() throws Exception {
        r.write("data/a", "changed");
        r.write("data/c", "new");
        Files.delete(r.path("data/b"));
        Files.delete(r.path("model.pt"));
        String out = r.run("status").expect(0).out();
        assertEquals("""
                data.cairn:
                \tchanged outs:
                \t\tmodified:           data
                \t\t\tmodified:   data/a
                \t\t\tdeleted:    data/b
                \t\t\tnew:        data/c
                model.pt.cairn:
                \tchanged outs:
                \t\tdeleted:            model.pt
                """, out);
    }

    @Test
    void reportsObjectsMissingFromTheCache() throws Exception {
        Files.delete(r.cacheObject("6f8f57715090da2632453988d9a1501b")); // md5("m")
        String json = r.run("status", "--json").expect(0).out();
        assertEquals("{\"model.pt.cairn\": [{\"path\": \"model.pt\", \"status\": \"not in cache\"}]}\n", json);
    }

    @Test
    void targetsLimitTheReport() throws Exception {
        r.write("data/a", "changed");
        Files.delete(r.path("model.pt"));
        String out = r.run("status", "model.pt").expect(0).out();
        assertTrue(out.contains("model.pt") && !out.contains("data"), out);
        r.run("status", "nothing-here").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void jsonListsFileChanges() throws Exception {
        r.write("data/c", "new");
        assertEquals("{\"data.cairn\": [{\"path\": \"data\", \"status\": \"modified\", \"files\": [{\"path\": \"c\", \"status\": \"new\"}]}]}\n",
                r.run("status", "--json").expect(0).out());
    }

    /**
     * The directory memo answers for a directory whose stat data it has seen; every kind of change
     * must still show. Files are dated a minute back so that they are not "racy" and get remembered.
     */
    @Test
    void rememberedDirectoriesStillShowEveryChange() throws Exception {
        r.write("big/a", "aaaa");
        r.write("big/b", "bbbb");
        backdate("big/a", 60);
        backdate("big/b", 60);
        r.run("add", "big").expect(0);
        assertEquals("", r.run("status", "big").expect(0).out()); // remembered now
        assertTrue(Files.size(r.path(".cairn/tmp/directories")) > 0);
        assertEquals("", r.run("status", "big").expect(0).out()); // answered by the memo

        r.write("big/a", "AAAA"); // same size, other bytes and time
        backdate("big/a", 30);
        assertTrue(r.run("status", "big").expect(0).out().contains("modified:   big/a"));
        r.write("big/a", "aaaa");
        backdate("big/a", 20);
        assertEquals("", r.run("status", "big").expect(0).out());

        Files.move(r.path("big/b"), r.path("big/c"));
        String out = r.run("status", "big").expect(0).out();
        assertTrue(out.contains("deleted:    big/b") && out.contains("new:        big/c"), out);
        Files.move(r.path("big/c"), r.path("big/b"));
        assertEquals("", r.run("status", "big").expect(0).out());

        Files.delete(r.cacheObject("74b87337454200d4d33f80c4663dc5e5")); // md5("aaaa")
        assertTrue(r.run("status", "big").expect(0).out().contains("not in cache"));
    }

    @Test
    void quietStatusAnswersWithItsExitCode() throws Exception {
        TestRepo.Run clean = r.run("status", "-q").expect(0);
        assertEquals("", clean.out() + clean.err());
        r.write("data/a", "changed");
        TestRepo.Run changed = r.run("status", "--quiet").expect(ExitCodes.FAILED);
        assertEquals("", changed.out() + changed.err());
        Files.delete(r.path("model.pt"));
        assertEquals("", r.run("checkout", "-q", "model.pt").expect(0).out());
        assertEquals("m", r.read("model.pt"));
    }

    /** A file whose size changed is reported without being read; its hash is learnt only by add. */
    @Test
    void resizedFilesAreModifiedWithoutHashingAndAddStillRecordsTheirBytes() throws Exception {
        backdate("data/a", 60);
        backdate("model.pt", 60);
        assertEquals("", r.run("status").expect(0).out()); // the hash cache knows both files
        r.write("data/a", "a and more");
        r.write("model.pt", "m2");
        String out = r.run("status").expect(0).out();
        assertTrue(out.contains("modified:   data/a") && out.contains("modified:           model.pt"), out);
        assertEquals(out, r.run("status").expect(0).out()); // nothing wrong was remembered
        r.run("add", "data", "model.pt").expect(0);
        assertEquals("", r.run("status").expect(0).out());
        Files.delete(r.path("data/a"));
        Files.delete(r.path("model.pt"));
        r.run("checkout").expect(0);
        assertEquals("a and more", r.read("data/a"));
        assertEquals("m2", r.read("model.pt"));
        r.write("model.pt", "m3"); // same size as recorded: hashed, and found modified
        assertTrue(r.run("status").expect(0).out().contains("modified:           model.pt"));
        r.write("model.pt", "m2");
        assertEquals("", r.run("status").expect(0).out());
    }

    /**
     * A directory whose files were touched but hold the recorded bytes is clean (its tree compared
     * with the recorded one, not encoded), and stays so when the recorded tree object is damaged:
     * only a change needs that tree.
     */
    @Test
    void touchedDirectoryIsCleanEvenWithADamagedTreeObject() throws Exception {
        backdate("data/a", 60);
        backdate("data/b", 60);
        assertEquals("", r.run("status").expect(0).out());
        backdate("data/a", 30); // other stat data, same bytes: the memo misses
        assertEquals("", r.run("status").expect(0).out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("md5: ([0-9a-f]{32})\\.dir").matcher(r.read("data.cairn"));
        assertTrue(m.find());
        Path tree = r.cacheObject(m.group(1) + ".dir");
        tree.toFile().setWritable(true);
        Files.writeString(tree, "[]");
        backdate("data/b", 20);
        assertEquals("", r.run("status", "data").expect(0).out());
        r.write("data/a", "x"); // same size, other bytes: the damaged tree is needed now
        TestRepo.Run run = r.run("status", "data").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("is corrupt"), run.err());
    }

    @Test
    void damagedMemoIsIgnored() throws Exception {
        backdate("data/a", 60);
        backdate("data/b", 60);
        r.run("status").expect(0);
        Files.write(r.path(".cairn/tmp/directories"), new byte[] {0x43, 0x44, 0x4d, 0x31, 0x7f, 0, 0, 1, 0x7f});
        r.write("data/a", "changed");
        assertTrue(r.run("status").expect(0).out().contains("modified:   data/a"));
    }

    private void backdate(String rel, int seconds) throws Exception {
        Files.setLastModifiedTime(r.path(rel), java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(seconds)));
    }
}
