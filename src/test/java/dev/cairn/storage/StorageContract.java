package dev.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every storage backend keeps. A backend joins by extending this class and
 * returning a fresh, empty storage from {@link #newStorage()}.
 */
public abstract class StorageContract {

    protected Storage storage;

    /** A new, empty storage (a fresh prefix or bucket on the backend's server). */
    protected abstract Storage newStorage() throws Exception;

    /** Whether the backend's listings carry the MD5 of each value ({@link Storage#listWithMd5}). */
    protected boolean listsMd5() {
        return false;
    }

    @BeforeEach
    void open() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Storage.Source bytes(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Storage.Source bytes(byte[] b) {
        return new Storage.Source() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(b);
            }

            @Override
            public long size() {
                return b.length;
            }
        };
    }

    private String read(String key) throws Exception {
        try (InputStream in = storage.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void roundTrip() throws Exception {
        storage.put("files/md5/ab/cdef", bytes("hello"), () -> { });
        assertTrue(storage.exists("files/md5/ab/cdef"));
        assertEquals("hello", read("files/md5/ab/cdef"));
    }

    @Test
    void largeValuesStreamThrough() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(big);
        storage.put("big", bytes(big), () -> { });
        try (InputStream in = storage.open("big")) {
            assertArrayEquals(big, in.readAllBytes());
        }
    }

    @Test
    void missingKeysAreNotFound() throws Exception {
        assertFalse(storage.exists("nothing/here"));
        StorageException e = assertThrows(StorageException.class, () -> storage.open("nothing/here"));
        assertEquals(StorageException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void putReplacesAValue() throws Exception {
        storage.put("k", bytes("one"), () -> { });
        storage.put("k", bytes("two"), () -> { });
        assertEquals("two", read("k"));
    }

    @Test
    void aRejectedPutLeavesNothing() throws Exception {
        StorageException e = assertThrows(StorageException.class, () -> storage.put("files/md5/00/bad", bytes("x"), () -> {
            throw new StorageException(StorageException.Kind.PERMANENT, "hash mismatch", null);
        }));
        assertEquals("hash mismatch", e.getMessage());
        assertFalse(storage.exists("files/md5/00/bad"));
        assertEquals(List.of(), storage.list(""));
    }

    @Test
    void bytesThatDoNotMatchTheExpectedDigestNeverAppear() throws Exception {
        byte[] expected = java.security.MessageDigest.getInstance("MD5").digest("the real bytes".getBytes(StandardCharsets.UTF_8));
        Storage.Verifier verifier = new Storage.Verifier() {
            @Override
            public void verify() throws StorageException {
                throw new StorageException(StorageException.Kind.CORRUPT, "digest mismatch", null);
            }

            @Override
            public byte[] expectedMd5() {
                return expected;
            }
        };
        StorageException e = assertThrows(StorageException.class,
                () -> storage.put("files/md5/11/tampered", bytes("tampered bytes"), verifier));
        assertEquals(StorageException.Kind.CORRUPT, e.kind(), e.getMessage());
        assertFalse(storage.exists("files/md5/11/tampered"));
    }

    @Test
    void listingIsByPrefixAndForgetsDeletedKeys() throws Exception {
        assertEquals(List.of(), storage.list("files/"));
        for (String k : List.of("files/md5/aa/1", "files/md5/aa/2", "files/md5/bb/3", "runs/x")) {
            storage.put(k, bytes(k), () -> { });
        }
        List<String> listed = new ArrayList<>(storage.list("files/"));
        Collections.sort(listed);
        assertEquals(List.of("files/md5/aa/1", "files/md5/aa/2", "files/md5/bb/3"), listed);
        storage.delete("files/md5/aa/2");
        storage.delete("files/md5/aa/2"); // deleting what is gone is fine
        listed = new ArrayList<>(storage.list("files/md5/"));
        Collections.sort(listed);
        assertEquals(List.of("files/md5/aa/1", "files/md5/bb/3"), listed);
    }

    @Test
    void listedChecksumsAreTheMd5OfEachValue() throws Exception {
        storage.put("files/md5/aa/1", bytes("one"), () -> { });
        storage.put("files/md5/aa/2", bytes("two"), () -> { });
        List<Storage.Listed> listed = new ArrayList<>(storage.listWithMd5("files/"));
        listed.sort(java.util.Comparator.comparing(Storage.Listed::key));
        assertEquals(List.of("files/md5/aa/1", "files/md5/aa/2"), listed.stream().map(Storage.Listed::key).toList());
        assertEquals(listsMd5() ? "f97c5d29941bfb1b2fdab0874906ab82" : null, listed.get(0).md5()); // md5("one")
        assertEquals(listsMd5() ? "b8a9f715dbb64fd5c56e7783c6820a61" : null, listed.get(1).md5()); // md5("two")
    }

    @Test
    void listingReturnsEveryPageOfAManyKeyPrefix() throws Exception {
        int count = 1_100; // over S3's and GCS's 1,000-key pages
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.format("files/md5/%02x/%030d", i % 256, i);
                futures.add(pool.submit(() -> {
                    storage.put(key, bytes(key), () -> { });
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(count, new java.util.HashSet<>(storage.list("files/")).size());
    }

    @Test
    void concurrentPutsOfTheSameKeyLeaveOneWholeValue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String value = ("value-" + i).repeat(10_000);
                futures.add(pool.submit(() -> {
                    storage.put("shared", bytes(value), () -> { });
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String v = read("shared");
        assertTrue(v.length() == 70_000 && v.equals(v.substring(0, 7).repeat(10_000)),
                () -> "one writer's whole value, never a mix; got " + v.length() + " bytes starting " + v.substring(0, 40));
        assertEquals(List.of("shared"), storage.list(""));
    }

    @Test
    void keysLeavingTheStorageAreRefused() {
        assertThrows(StorageException.class, () -> storage.put("../escape", bytes("x"), () -> { }));
        assertThrows(StorageException.class, () -> storage.open("../../etc/passwd"));
    }
}
