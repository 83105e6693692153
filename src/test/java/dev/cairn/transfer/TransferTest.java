package dev.cairn.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;
import dev.cairn.odb.ObjectStore;
import dev.cairn.util.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which of listing and asking object by object the transfer chooses, by the numbers involved. */
class TransferTest {

    /** A store holding ids, counting how it is asked. */
    private static final class CountingStore implements ObjectStore {
        final Set<String> values = new HashSet<>();
        final long estimate;
        final AtomicInteger listings = new AtomicInteger();
        final AtomicInteger lookups = new AtomicInteger();

        CountingStore(long estimate) {
            this.estimate = estimate;
        }

        @Override
        public boolean contains(ObjectId id) {
            lookups.incrementAndGet();
            return values.contains(id.value());
        }

        @Override
        public Set<String> objectValues(Workers workers) {
            listings.incrementAndGet();
            return values;
        }

        @Override
        public long estimatedCount() {
            return estimate;
        }

        @Override
        public Blob open(ObjectId id) {
            return null;
        }

        @Override
        public void put(ObjectId id, Blob blob) {
        }

        @Override
        public void delete(ObjectId id) {
        }

        @Override
        public String describe() {
            return "test";
        }
    }

    private static List<ObjectId> ids(int n) {
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(ObjectId.parse(HashAlgorithm.MD5, String.format("%032x", i)));
        }
        return ids;
    }

    @Test
    void aFewObjectsAreAskedForOneByOne() {
        CountingStore store = new CountingStore(-1);
        try (Workers w = new Workers(4)) {
            new Transfer(w).present(ids(10), store);
        }
        assertEquals(0, store.listings.get());
        assertEquals(10, store.lookups.get());
    }

    @Test
    void manyObjectsInASmallStoreAreListed() {
        CountingStore store = new CountingStore(50_000);
        try (Workers w = new Workers(4)) {
            new Transfer(w).present(ids(5_000), store);
        }
        assertEquals(1, store.listings.get());
        assertEquals(0, store.lookups.get());
    }

    @Test
    void someObjectsInAHugeStoreAreAskedForOneByOne() {
        CountingStore store = new CountingStore(5_000_000);
        store.values.add(ids(1).get(0).value());
        Set<ObjectId> found;
        try (Workers w = new Workers(4)) {
            found = new Transfer(w).present(ids(1_000), store);
        }
        assertEquals(0, store.listings.get(), "5,000 pages of listing cost more than 250 lookups per worker");
        assertEquals(1_000, store.lookups.get());
        assertEquals(1, found.size());
    }
}
