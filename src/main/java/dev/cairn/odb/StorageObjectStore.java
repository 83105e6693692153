package dev.cairn.odb;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.ObjectId;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.util.CairnException;
import dev.cairn.util.Workers;
import java.io.InputStream;
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
    public InputStream open(ObjectId id) {
        try {
            return storage.open(ObjectLayout.key(id));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return null;
            }
            throw failure(e);
        }
    }

    @Override
    public void put(ObjectId id, InputStream content) {
        MessageDigest digest = hasher.algorithm().newDigest();
        DigestInputStream in = new DigestInputStream(content, digest);
        try {
            storage.put(ObjectLayout.key(id), in, () -> {
                ObjectId actual = ObjectId.ofDigest(hasher.algorithm(), digest.digest(), id.isDir());
                if (!actual.equals(id)) {
                    throw new StorageException(StorageException.Kind.PERMANENT, "bytes sent as " + id + " hash to " + actual,
                            new CorruptObjectException(id.value()));
                }
            });
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
}
