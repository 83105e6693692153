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
}
