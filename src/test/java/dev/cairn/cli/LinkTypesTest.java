package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkTypesTest {

    private static final String FOO = "acbd18db4cc2f85cedef654fccc4a4d8";

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
    }

    private static boolean ownerWritable(Path p) throws Exception {
        return Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void copyLeavesWorkspaceWritableAndCacheReadOnly() throws Exception {
        r.run("config", "cache.type", "copy").expect(0);
        r.write("data/foo", "foo");
        r.run("add", "data").expect(0);
        assertTrue(ownerWritable(r.path("data/foo")));
        assertFalse(ownerWritable(r.cacheObject(FOO)));
        assertFalse(Files.isSameFile(r.path("data/foo"), r.cacheObject(FOO)));
    }

    @Test
    void hardlinkedFilesAreProtectedAndUnprotectMakesSafeCopies() throws Exception {
        r.run("config", "cache.type", "hardlink").expect(0);
        r.write("data/foo", "foo");
        r.run("add", "data").expect(0);
        Path ws = r.path("data/foo");
        assertTrue(Files.isSameFile(ws, r.cacheObject(FOO)), "add links the workspace file to the cache");
        assertFalse(ownerWritable(ws), "a linked workspace file is read-only, so editors refuse to write through it");

        r.run("unprotect", "data").expect(0);
        assertFalse(Files.isSameFile(ws, r.cacheObject(FOO)));
        assertTrue(ownerWritable(ws));
        Files.writeString(ws, "edited in place");
        assertEquals("foo", Files.readString(r.cacheObject(FOO)), "editing the workspace never alters the cache");

        r.run("commit").expect(0);
        assertTrue(Files.isSameFile(ws, r.cacheObject(org.apache.commons.codec.digest.DigestUtils.md5Hex("edited in place"))));
    }

    @Test
    void checkoutWithHardlinksSharesInodesAndRelinkSwitchesType() throws Exception {
        r.write("data/foo", "foo");
        r.run("add", "data").expect(0);
        assertFalse(Files.isSameFile(r.path("data/foo"), r.cacheObject(FOO)));
        r.run("config", "cache.type", "hardlink").expect(0);
        r.run("checkout", "--relink").expect(0);
        assertTrue(Files.isSameFile(r.path("data/foo"), r.cacheObject(FOO)));
        r.run("config", "cache.type", "symlink").expect(0);
        r.run("checkout", "--relink").expect(0);
        assertTrue(Files.isSymbolicLink(r.path("data/foo")));
        assertEquals(r.cacheObject(FOO), Files.readSymbolicLink(r.path("data/foo")));
        assertEquals("", r.run("status").expect(0).out());
        r.run("unprotect", "data/foo").expect(ExitCodes.BAD_INPUT); // files inside a tracked dir are not targets
        r.run("unprotect", "data").expect(0);
        assertFalse(Files.isSymbolicLink(r.path("data/foo")));
        assertEquals("foo", r.read("data/foo"));
    }

    @Test
    void symlinkAddStoresContentAndLinksTheWorkspace() throws Exception {
        r.run("config", "cache.type", "symlink").expect(0);
        r.write("model.bin", "foo");
        r.run("add", "model.bin").expect(0);
        assertTrue(Files.isSymbolicLink(r.path("model.bin")));
        assertEquals("foo", r.read("model.bin"));
        assertEquals("", r.run("status").expect(0).out());
    }

    @Test
    void hardlinkedDuplicatesShareOneObject() throws Exception {
        r.run("config", "cache.type", "hardlink").expect(0);
        r.write("data/a", "foo");
        r.write("data/b", "foo");
        r.run("add", "data").expect(0);
        assertTrue(Files.isSameFile(r.path("data/a"), r.cacheObject(FOO)));
        assertTrue(Files.isSameFile(r.path("data/b"), r.cacheObject(FOO)));
        assertEquals("", r.run("status").expect(0).out());
        r.run("add", "data").expect(0);
        assertEquals("foo", Files.readString(r.cacheObject(FOO)));
    }
}
