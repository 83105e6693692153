package dev.cairn.odb;

import dev.cairn.hash.ObjectId;
import dev.cairn.util.Workers;
import java.util.Set;

/**
 * A content-addressed object database: the local cache and every remote alike, so that push,
 * pull and fetch are one operation, copying what the destination lacks.
 */
public interface ObjectStore extends AutoCloseable {

    boolean contains(ObjectId id);

    /** The values ({@code <hex>[.dir]}) of every object held, listed in one pass. */
    Set<String> objectValues(Workers workers);

    /**
     * About how many objects the store holds, found cheaply (one request), or -1 when it cannot
     * tell; decides between listing the store and asking object by object.
     */
    default long estimatedCount() {
        return -1;
    }

    /**
     * Every object held, as {@link #objectValues}, each mapped to the MD5 (lowercase hex) the store
     * reports for its bytes, or to null where it reports none (then only presence can be checked).
     */
    default java.util.Map<String, String> objectChecksums(Workers workers) {
        java.util.Map<String, String> all = new java.util.HashMap<>();
        objectValues(workers).forEach(v -> all.put(v, null));
        return all;
    }

    /** An object's bytes, readable again from the start, and their number (-1 when unknown). */
    interface Blob extends dev.cairn.storage.Storage.Source {

        /**
         * Writes the bytes to the new file {@code temp}, hashing them on the way, and fails with
         * {@link CorruptObjectException} unless they are the bytes of {@code id}: what a store does
         * before it gives received bytes their final name.
         */
        default void writeVerified(java.nio.file.Path temp, ObjectId id, dev.cairn.hash.FileHasher hasher,
                                   java.nio.file.attribute.FileAttribute<?>... attributes) throws java.io.IOException {
            ObjectId actual;
            try (java.io.InputStream in = open();
                 java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(temp,
                         Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE), attributes);
                 java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                actual = hasher.copyAndHash(in, out);
            }
            if (!actual.hex().equals(id.hex())) {
                throw new CorruptObjectException("bytes received as " + id + " hash to " + actual);
            }
        }
    }

    /** The object's bytes; null when it is not here. */
    Blob open(ObjectId id);

    /**
     * Stores the bytes {@code blob} yields as object {@code id}, hashing them on the way; the
     * object appears only if they hash to {@code id}, else {@link CorruptObjectException}.
     */
    void put(ObjectId id, Blob blob);

    /** Deletes an object; deleting one that is not there is not an error. */
    void delete(ObjectId id);

    String describe();

    @Override
    default void close() {
    }

    /** Bytes that do not hash to the id they were stored or sent under. */
    final class CorruptObjectException extends RuntimeException {
        public CorruptObjectException(String message) {
            super(message);
        }
    }
}
