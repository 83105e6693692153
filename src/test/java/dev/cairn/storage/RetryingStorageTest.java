package dev.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.storage.local.LocalStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry decorator around a real (local) backend whose first calls are made to fail: transient
 * failures are retried with growing, jittered waits; other failures are not.
 */
class RetryingStorageTest {

    @TempDir
    Path dir;

    /** Fails the first {@code failures} calls with {@code kind}, then lets them through. */
    private static Storage failingFirst(Storage real, int failures, StorageException.Kind kind, AtomicInteger calls) {
        return new Storage() {
            private StorageException maybeFail() {
                return calls.incrementAndGet() <= failures ? new StorageException(kind, "injected " + kind, null) : null;
            }

            @Override
            public boolean exists(String key) throws StorageException {
                StorageException e = maybeFail();
                if (e != null) {
                    throw e;
                }
                return real.exists(key);
            }

            @Override
            public InputStream open(String key) throws StorageException {
                StorageException e = maybeFail();
                if (e != null) {
                    throw e;
                }
                return real.open(key);
            }

            @Override
            public void put(String key, Source source, Verifier verifier) throws StorageException {
                StorageException e = maybeFail();
                if (e != null) {
                    throw e;
                }
                real.put(key, source, verifier);
            }

            @Override
            public List<String> list(String prefix) throws StorageException {
                return real.list(prefix);
            }

            @Override
            public void delete(String key) throws StorageException {
                real.delete(key);
            }

            @Override
            public String describe() {
                return real.describe();
            }
        };
    }

    private static Storage.Source source(String s) {
        return new Storage.Source() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(s.getBytes());
            }

            @Override
            public long size() {
                return s.length();
            }
        };
    }

    @Test
    void transientFailuresAreRetriedWithGrowingJitteredWaits() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Long> waits = new ArrayList<>();
        Storage s = new RetryingStorage(failingFirst(new LocalStorage(dir), 3, StorageException.Kind.TRANSIENT, calls),
                5, 100, 10_000, waits::add);
        s.put("k", source("value"), () -> { });
        assertEquals(4, calls.get());
        assertEquals(3, waits.size());
        for (int i = 0; i < waits.size(); i++) {
            long ceiling = 100L << i;
            assertTrue(waits.get(i) >= ceiling / 2 && waits.get(i) <= ceiling, "wait " + i + " = " + waits.get(i));
        }
        try (InputStream in = new LocalStorage(dir).open("k")) {
            assertEquals("value", new String(in.readAllBytes()), "the retried put resent the whole value");
        }
    }

    @Test
    void permanentAndNotFoundFailuresAreNotRetried() {
        for (StorageException.Kind kind : new StorageException.Kind[] {StorageException.Kind.PERMANENT, StorageException.Kind.NOT_FOUND}) {
            AtomicInteger calls = new AtomicInteger();
            List<Long> waits = new ArrayList<>();
            Storage s = new RetryingStorage(failingFirst(new LocalStorage(dir), 1, kind, calls), 5, 100, 10_000, waits::add);
            StorageException e = assertThrows(StorageException.class, () -> s.exists("k"));
            assertEquals(kind, e.kind());
            assertEquals(1, calls.get());
            assertEquals(List.of(), waits);
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        Storage s = new RetryingStorage(failingFirst(new LocalStorage(dir), 100, StorageException.Kind.TRANSIENT, calls),
                3, 1, 10, millis -> { });
        assertThrows(StorageException.class, () -> s.open("k"));
        assertEquals(3, calls.get());
    }

    @Test
    void anInterruptStopsTheWaitAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        Storage s = new RetryingStorage(failingFirst(new LocalStorage(dir), 100, StorageException.Kind.TRANSIENT, calls),
                5, 1, 10, millis -> {
                    throw new InterruptedException();
                });
        StorageException e = assertThrows(StorageException.class, () -> s.exists("k"));
        assertTrue(e.getMessage().startsWith("interrupted"), e.getMessage());
        assertEquals(1, calls.get());
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }

    /** A local storage whose streams break after {@code cut} bytes, the first {@code breaks} times one is opened. */
    private static Storage breakingReads(Storage real, int breaks, int cut, List<Long> offsets) {
        AtomicInteger opened = new AtomicInteger();
        return new Storage() {
            @Override
            public boolean exists(String key) throws StorageException {
                return real.exists(key);
            }

            @Override
            public InputStream open(String key) throws StorageException {
                return open(key, 0);
            }

            @Override
            public InputStream open(String key, long offset) throws StorageException {
                offsets.add(offset);
                InputStream in = real.open(key, offset);
                if (opened.incrementAndGet() > breaks) {
                    return in;
                }
                return new java.io.FilterInputStream(in) {
                    private int left = cut;

                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        if (left == 0) {
                            throw new java.net.SocketException("Connection reset");
                        }
                        int n = super.read(b, off, Math.min(len, left));
                        left -= Math.max(n, 0);
                        return n;
                    }
                };
            }

            @Override
            public void put(String key, Source source, Verifier verifier) throws StorageException {
                real.put(key, source, verifier);
            }

            @Override
            public List<String> list(String prefix) throws StorageException {
                return real.list(prefix);
            }

            @Override
            public void delete(String key) throws StorageException {
                real.delete(key);
            }

            @Override
            public String describe() {
                return real.describe();
            }
        };
    }

    @Test
    void aReadThatBreaksOffGoesOnFromWhereItStopped() throws Exception {
        byte[] value = new byte[10_000];
        new java.util.Random(1).nextBytes(value);
        java.nio.file.Files.write(dir.resolve("k"), value);
        List<Long> offsets = new ArrayList<>();
        Storage s = new RetryingStorage(breakingReads(new LocalStorage(dir), 3, 3000, offsets), 5, 1, 10, millis -> { });
        try (InputStream in = s.open("k")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(value, in.readAllBytes());
        }
        assertEquals(List.of(0L, 3000L, 6000L, 9000L), offsets, "each reopen starts at the first byte not yet read");
    }

    @Test
    void aReadThatKeepsBreakingWithoutProgressFails() throws Exception {
        java.nio.file.Files.write(dir.resolve("k"), new byte[100]);
        Storage s = new RetryingStorage(breakingReads(new LocalStorage(dir), 100, 0, new ArrayList<>()), 3, 1, 10, millis -> { });
        try (InputStream in = s.open("k")) {
            java.io.IOException e = assertThrows(java.io.IOException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("broke off at byte 0, 3 attempts") && e.getMessage().contains("Connection reset"),
                    e.getMessage());
        }
    }
}
