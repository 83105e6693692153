package dev.cairn.odb;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.ObjectId;
import dev.cairn.util.CairnException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a tree object whole from any store (a remote, another repository's cache) and checks its
 * bytes against its id before anyone parses them. Trees are read into memory, so a store that
 * offers more than {@link #MAX_BYTES} for one is treated as damaged.
 */
public final class TreeBytes {

    /** Far above the tree of millions of files (a million entries take about 70 MB). */
    public static final int MAX_BYTES = 1 << 30;

    /** The bytes (null unless intact) and what was found: missing, damaged or intact. */
    public record Read(LocalCache.Integrity integrity, byte[] bytes) {
    }

    private TreeBytes() {
    }

    public static Read read(ObjectStore store, ObjectId id, FileHasher hasher) {
        ObjectStore.Blob blob = store.open(id);
        if (blob == null) {
            return new Read(LocalCache.Integrity.MISSING, null);
        }
        byte[] bytes;
        try (InputStream in = blob.open()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw CairnException.failed("cannot read tree " + id + " from " + store.describe() + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES || !hasher.hash(bytes, true).equals(id)) {
            return new Read(LocalCache.Integrity.CORRUPT, null);
        }
        return new Read(LocalCache.Integrity.INTACT, bytes);
    }
}
