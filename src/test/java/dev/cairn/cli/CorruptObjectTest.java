package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache object edited through a hardlinked workspace file is never spread: checkout (here and in
 * a fresh clone holding a copy of the cache) and push refuse it and name it; fsck finds it and
 * {@code fsck --repair} restores it from a local-directory remote.
 */
class CorruptObjectTest {

    private static final String FOO = DigestUtils.md5Hex("foo");
    private static final String BAR = DigestUtils.md5Hex("bar");

    @TempDir
    Path tmp;
    TestRepo a;

    @BeforeEach
    void setUp() throws Exception {
        a = TestRepo.initialized(Files.createDirectories(tmp.resolve("a")));
        a.run("config", "cache.type", "hardlink").expect(0);
        a.run("remote", "add", "-d", "good", tmp.resolve("good").toString()).expect(0);
        a.run("remote", "add", "other", tmp.resolve("other").toString()).expect(0);
        a.write("data/foo", "foo");
        a.write("data/bar", "bar");
        a.write("model.bin", "weights");
        a.run("add", "data", "model.bin").expect(0);
        a.run("push").expect(0); // good copies on 'good'
        // a careless edit: the workspace file is the cache object's inode
        Path ws = a.path("data/foo");
        assertTrue(Files.isSameFile(ws, a.cacheObject(FOO)));
        ws.toFile().setWritable(true);
        Files.writeString(ws, "FOO"); // same size: only the modification time tells
        assertEquals("FOO", Files.readString(a.cacheObject(FOO)));
    }

    private static void assertNamesTheObject(String err, TestRepo r) {
        assertTrue(err.contains(FOO), err);
        assertTrue(err.contains(r.cacheObject(FOO).toString()) || err.contains(".cairn/cache/files/md5/" + FOO.substring(0, 2)), err);
    }

    @Test
    void checkoutRefusesTheDamagedObjectAndRestoresTheRest() throws Exception {
        Files.delete(a.path("data/foo"));
        Files.delete(a.path("data/bar"));
        TestRepo.Run run = a.run("checkout").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("data/foo"), run.err());
        assertNamesTheObject(run.err(), a);
        assertTrue(run.err().contains("cairn fsck --repair"), run.err());
        assertFalse(a.exists("data/foo"), "the damaged bytes are not linked into the workspace");
        assertEquals("bar", a.read("data/bar"), "everything else is restored");
    }

    @Test
    void aFreshCloneWithACopyOfTheCacheRefusesItToo() throws Exception {
        TestRepo b = TestRepo.initialized(Files.createDirectories(tmp.resolve("b")));
        copyTree(a.path(".cairn/cache"), b.path(".cairn/cache"));
        Files.copy(a.path("data.cairn"), b.path("data.cairn"));
        Files.copy(a.path("model.bin.cairn"), b.path("model.bin.cairn"));
        TestRepo.Run run = b.run("checkout").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("data/foo"), run.err());
        assertNamesTheObject(run.err(), b);
        assertFalse(b.exists("data/foo"));
        assertEquals("bar", b.read("data/bar"));
        assertEquals("weights", b.read("model.bin"));
    }

    @Test
    void pushRefusesToUploadIt() throws Exception {
        TestRepo.Run run = a.run("push", "-r", "other").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("do not match their hash"), run.err());
        assertNamesTheObject(run.err(), a);
        assertTrue(run.err().contains("cairn fsck --repair"), run.err());
        Path other = tmp.resolve("other/files/md5");
        assertFalse(Files.exists(other.resolve(FOO.substring(0, 2)).resolve(FOO.substring(2))), "never uploaded");
        assertTrue(Files.exists(other.resolve(BAR.substring(0, 2)).resolve(BAR.substring(2))), "the rest is");
        try (Stream<Path> files = Files.walk(tmp.resolve("other"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".cairn-tmp-")), "no partial upload left");
        }
    }

    @Test
    void fsckFindsItAndRepairRestoresItFromTheRemote() throws Exception {
        TestRepo.Run check = a.run("fsck").expect(ExitCodes.FAILED);
        assertTrue(check.out().contains("corrupt\t" + FOO), check.out());
        assertTrue(check.out().contains("used by data/foo"), check.out());
        assertTrue(check.err().contains("1 cache object(s) do not match their hash"), check.err());
        assertTrue(check.err().contains("cairn fsck --repair"), check.err());

        TestRepo.Run repair = a.run("fsck", "--repair").expect(0);
        assertTrue(repair.out().contains("repaired\t" + FOO), repair.out());
        assertEquals("foo", Files.readString(a.cacheObject(FOO)), "a good copy from the remote");
        Path corruptDir = a.path(".cairn/cache/corrupt");
        try (Stream<Path> kept = Files.walk(corruptDir)) {
            Path aside = kept.filter(p -> p.getFileName().toString().equals(FOO)).findFirst().orElseThrow();
            assertEquals("FOO", Files.readString(aside), "the damaged object is kept aside, not deleted");
        }
        a.run("fsck").expect(0);
        // the workspace file still holds the edit: it is a change, and checkout -f replaces it
        a.run("checkout", "-f").expect(0);
        assertEquals("foo", a.read("data/foo"));
    }

    @Test
    void repairSaysWhatItCouldNotRepair() throws Exception {
        Files.delete(tmp.resolve("good/files/md5/" + FOO.substring(0, 2) + "/" + FOO.substring(2)));
        TestRepo.Run run = a.run("fsck", "--repair").expect(ExitCodes.FAILED);
        assertTrue(run.out().contains("not repaired\t" + FOO), run.out());
        assertTrue(run.err().contains("could not be repaired"), run.err());
        assertFalse(Files.exists(a.cacheObject(FOO)), "moved aside all the same");
    }

    @Test
    void fsckFindsWhatTheStatCheckCannot() throws Exception {
        // a copy-type cache edited in place with its size and time restored: checkout trusts the
        // record it made when the object was written, but fsck reads every byte
        TestRepo c = TestRepo.initialized(Files.createDirectories(tmp.resolve("c")));
        c.run("config", "cache.type", "copy").expect(0);
        c.write("f", "abc");
        c.run("add", "f").expect(0);
        Path object = c.cacheObject(DigestUtils.md5Hex("abc"));
        FileTime time = Files.getLastModifiedTime(object);
        object.toFile().setWritable(true);
        Files.writeString(object, "xyz");
        Files.setLastModifiedTime(object, time);
        TestRepo.Run run = c.run("fsck").expect(ExitCodes.FAILED);
        assertTrue(run.out().contains("corrupt\t" + DigestUtils.md5Hex("abc")), run.out());
    }

    @Test
    void addReplacesADamagedObjectInsteadOfLinkingIt() throws Exception {
        // the same bytes added again elsewhere must not be linked to the damaged object
        a.write("copy/foo", "foo");
        a.run("add", "copy").expect(0);
        assertEquals("foo", a.read("copy/foo"));
        assertEquals("foo", Files.readString(a.cacheObject(FOO)), "the good bytes took the damaged object's place");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
