package dev.cairn.odb;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.ObjectId;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.util.CairnException;
import dev.cairn.util.Workers;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
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
        String root = ObjectLayout.root(hasher.algorithm()) + "/";
        Set<String> values = new HashSet<>();
        try {
            for (String key : storage.list(root)) {
                String rest = key.substring(root.length());
                if (rest.length() > 3 && rest.charAt(2) == '/') {
                    values.add(rest.substring(0, 2) + rest.substring(3));
                }
            }
        } catch (StorageException e) {
            throw failure(e);
        }
        return values;
    }

    @Override
    public Blob open(ObjectId id) {
        try {
            return new Blob(storage.open(ObjectLayout.key(id)), -1);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return null;
            }
            throw failure(e);
        }
    }

    @Override
    public void put(ObjectId id, Blob blob) {
        MessageDigest digest = hasher.algorithm().newDigest();
        DigestInputStream in = new DigestInputStream(blob.content(), digest);
        Storage.Verifier verifier = new Storage.Verifier() {
            @Override
            public void verify() throws StorageException {
                ObjectId actual = ObjectId.ofDigest(hasher.algorithm(), digest.digest(), id.isDir());
                if (!actual.equals(id)) {
                    throw new StorageException(StorageException.Kind.PERMANENT, "bytes sent as " + id + " hash to " + actual,
                            new CorruptObjectException(id.value()));
                }
            }

            @Override
            public byte[] expectedMd5() {
                return id.algorithm() == dev.cairn.hash.HashAlgorithm.MD5 ? id.digestBytes() : null;
            }
        };
        try {
            storage.put(ObjectLayout.key(id), in, blob.size(), verifier);
        } catch (StorageException e) {
            if (e.getCause() instanceof CorruptObjectException c) {
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
