package dev.cairn.odb;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.ObjectId;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.util.CairnException;
import dev.cairn.util.Workers;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Set;

/** An object database on a {@link Storage}: keys follow {@link ObjectLayout}. */
public final class StorageObjectStore implements ObjectStore {

    private final Storage storage;
    private final FileHasher hasher;

    public StorageObjectStore(Storage storage, FileHasher hasher) {
        this.storage = storage;
        this.hasher = hasher;
    }

    private CairnException failure(StorageException e) {
        return CairnException.failed(e.getMessage(), e);
    }

    @Override
    public boolean contains(ObjectId id) {
        try {
            return storage.exists(ObjectLayout.key(id));
        } catch (StorageException e) {
            throw failure(e);
        }
    }

    @Override
    public Set<String> objectValues(Workers workers) {
        return objectChecksums(workers).keySet();
    }

    @Override
    public java.util.Map<String, String> objectChecksums(Workers workers) {
        String root = ObjectLayout.root(hasher.algorithm()) + "/";
        java.util.Map<String, String> values = new java.util.HashMap<>();
        try {
            for (Storage.Listed listed : storage.listWithMd5(root)) {
                String rest = listed.key().substring(root.length());
                if (rest.length() > 3 && rest.charAt(2) == '/') {
                    values.put(rest.substring(0, 2) + rest.substring(3), listed.md5());
                }
            }
        } catch (StorageException e) {
            throw failure(e);
        }
        return values;
    }

    /** Objects spread evenly over the 256 two-hex-digit prefixes: one prefix's listing, times 256. */
    @Override
    public long estimatedCount() {
        try {
            return 256L * storage.list(ObjectLayout.root(hasher.algorithm()) + "/00/").size();
        } catch (StorageException e) {
            return -1;
        }
    }

    @Override
    public void delete(ObjectId id) {
        try {
            storage.delete(ObjectLayout.key(id));
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.NOT_FOUND) {
                throw failure(e);
            }
        }
    }

    @Override
    public Blob open(ObjectId id) {
        String key = ObjectLayout.key(id);
        java.io.InputStream first;
        try {
            first = storage.open(key); // opened now, so that a missing object is known at once
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return null;
            }
            throw failure(e);
        }
        return new Blob() {
            private java.io.InputStream pending = first;

            @Override
            public synchronized java.io.InputStream open() throws java.io.IOException {
                if (pending != null) {
                    java.io.InputStream s = pending;
                    pending = null;
                    return s;
                }
                try {
                    return storage.open(key);
                } catch (StorageException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }

            @Override
            public long size() {
                return -1;
            }
        };
    }

    @Override
    public void put(ObjectId id, Blob blob) {
        // each (re)read of the source is hashed afresh; the last one is what was stored
        java.util.concurrent.atomic.AtomicReference<MessageDigest> digest = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean storeChecks = new java.util.concurrent.atomic.AtomicBoolean();
        Storage.Source source = new Storage.Source() {
            @Override
            public java.io.InputStream open() throws java.io.IOException {
                if (storeChecks.get()) {
                    return blob.open();
                }
                MessageDigest d = hasher.algorithm().newDigest();
                digest.set(d);
                return new DigestInputStream(blob.open(), d);
            }

            @Override
            public long size() {
                return blob.size();
            }
        };
        Storage.Verifier verifier = new Storage.Verifier() {
            @Override
            public void verify() throws StorageException {
                if (storeChecks.get()) {
                    return; // the store compared the bytes with the id (Content-MD5) before accepting them
                }
                ObjectId actual = ObjectId.ofDigest(hasher.algorithm(), digest.get().digest(), id.isDir());
                if (!actual.equals(id)) {
                    throw new StorageException(StorageException.Kind.CORRUPT, "bytes sent as " + id + " hash to " + actual, null);
                }
            }

            @Override
            public byte[] expectedMd5() {
                return id.algorithm() == dev.cairn.hash.HashAlgorithm.MD5 ? id.digestBytes() : null;
            }

            @Override
            public void checkedByStore() {
                storeChecks.set(expectedMd5() != null);
            }
        };
        try {
            storage.put(ObjectLayout.key(id), source, verifier);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CORRUPT) {
                throw new CorruptObjectException(e.getMessage());
            }
            throw failure(e);
        }
    }

    @Override
    public String describe() {
        return storage.describe();
    }

    @Override
    public void close() {
        storage.close();
    }
}
