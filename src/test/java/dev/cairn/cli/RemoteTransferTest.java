package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push, fetch, pull and status -c against a local-directory remote; remote configuration. */
class RemoteTransferTest {

    @TempDir
    Path tmp;
    TestRepo a;
    TestRepo b;
    Path store;

    @BeforeEach
    void setUp() throws Exception {
        store = tmp.resolve("store");
        a = TestRepo.initialized(Files.createDirectories(tmp.resolve("a")));
        b = TestRepo.initialized(Files.createDirectories(tmp.resolve("b")));
        a.run("remote", "add", "-d", "store", "../store").expect(0);
        b.run("remote", "add", "-d", "store", store.toString()).expect(0);
        for (int i = 0; i < 300; i++) { // over the transfer's listing threshold
            a.write("data/part" + (i % 3) + "/f" + i, "file " + i);
        }
        a.write("model.bin", "weights");
        a.run("add", "data", "model.bin").expect(0);
    }

    private void shareManifests() throws Exception {
        Files.copy(a.path("data.cairn"), b.path("data.cairn"));
        Files.copy(a.path("model.bin.cairn"), b.path("model.bin.cairn"));
    }

    private static Path object(Path root, String hex) {
        return root.resolve("files/md5/" + hex.substring(0, 2) + "/" + hex.substring(2));
    }

    @Test
    void pushThenPullRecreatesTheWorkspaceElsewhere() throws Exception {
        assertTrue(a.run("status", "-c").expect(0).out().contains("new:"));
        TestRepo.Run push = a.run("push").expect(0);
        assertTrue(push.out().startsWith("302 object(s) pushed"), push.out()); // 300 files, 1 tree, 1 model
        assertTrue(Files.exists(object(store, org.apache.commons.codec.digest.DigestUtils.md5Hex("weights"))));
        assertEquals("", a.run("status", "-c").expect(0).out());
        assertTrue(a.run("push").expect(0).out().startsWith("0 object(s) pushed, 302 already there"));

        shareManifests();
        assertTrue(b.run("status", "-c").expect(0).out().contains("deleted:"));
        b.run("pull").expect(0);
        assertEquals("file 299", b.read("data/part2/f299"));
        assertEquals("weights", b.read("model.bin"));
        assertEquals("", b.run("status").expect(0).out());
    }

    @Test
    void fetchFillsOnlyTheCacheAndTargetsLimitIt() throws Exception {
        a.run("push").expect(0);
        shareManifests();
        b.run("fetch", "model.bin").expect(0);
        assertTrue(Files.exists(b.cacheObject(org.apache.commons.codec.digest.DigestUtils.md5Hex("weights"))));
        assertFalse(b.exists("model.bin"));
        assertFalse(Files.exists(b.cacheObject(org.apache.commons.codec.digest.DigestUtils.md5Hex("file 0"))));
    }

    @Test
    void corruptRemoteObjectsNeverEnterTheCache() throws Exception {
        a.run("push").expect(0);
        String hex = org.apache.commons.codec.digest.DigestUtils.md5Hex("weights");
        Path remoteObject = object(store, hex);
        remoteObject.toFile().setWritable(true);
        Files.writeString(remoteObject, "tampered");
        shareManifests();
        TestRepo.Run run = b.run("pull").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("do not match their hash") && run.err().contains(hex), run.err());
        assertFalse(Files.exists(b.cacheObject(hex)));
        assertFalse(b.exists("model.bin"));
        assertEquals("file 7", b.read("data/part1/f7"), "everything else is still pulled");
    }

    @Test
    void pullPlacesWhatArrivesOrWasCachedAndStillGuardsLocalChanges() throws Exception {
        a.run("push").expect(0);
        Files.delete(object(store, org.apache.commons.codec.digest.DigestUtils.md5Hex("file 5")));
        shareManifests();
        b.run("fetch", "model.bin").expect(0); // already cached when the pull starts
        b.write("data/part0/f0", "my own edit"); // in no cache: a conflict, never overwritten
        TestRepo.Run run = b.run("pull").expect(ExitCodes.FAILED);
        assertEquals("my own edit", b.read("data/part0/f0"));
        assertFalse(b.exists("data/part2/f5"));
        assertTrue(run.err().contains("data/part2/f5") && run.err().contains("data/part0/f0"), run.err());
        assertEquals("weights", b.read("model.bin"));
        assertEquals("file 299", b.read("data/part2/f299"));
        assertEquals("file 3", b.read("data/part0/f3"));
    }

    @Test
    void objectsMissingEverywhereAreListed() throws Exception {
        shareManifests();
        TestRepo.Run run = b.run("fetch").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("trees") || run.err().contains("missing"), run.err());
    }

    @Test
    void remotesAreConfiguredLikeDvc() throws Exception {
        assertEquals("store\t../../store\t(default)\n", a.run("remote", "list").expect(0).out()); // relative to .cairn/, as DVC stores it
        assertTrue(a.read(".cairn/config").contains("['remote \"store\"']\n    url = ../../store\n"));
        a.run("remote", "add", "other", "file:///srv/data").expect(0);
        a.run("remote", "add", "other", "/x").expect(ExitCodes.BAD_INPUT);
        a.run("remote", "modify", "--local", "other", "password", "s3cr3t").expect(0);
        assertFalse(a.read(".cairn/config").contains("s3cr3t"));
        assertFalse(a.run("remote", "list").out().contains("s3cr3t"));
        a.run("remote", "rename", "store", "main").expect(0);
        assertEquals("main\n", a.run("remote", "default").expect(0).out());
        a.run("remote", "default", "other").expect(0);
        a.run("remote", "remove", "other").expect(0);
        a.run("remote", "default").expect(ExitCodes.FAILED);
        a.run("push").expect(ExitCodes.BAD_INPUT);
        a.run("push", "-r", "main").expect(0);
        a.run("remote", "add", "odd", "ftp://host/path").expect(ExitCodes.BAD_INPUT);
        a.run("remote", "add", "bad name", "/x").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void credentialsInUrlsAreMasked() {
        assertEquals("ssh://user:***@host/path", dev.cairn.app.RemoteService.maskCredentials("ssh://user:hunter2@host/path"));
        assertEquals("/plain/path", dev.cairn.app.RemoteService.maskCredentials("/plain/path"));
    }
}
