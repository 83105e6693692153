package dev.cairn.storage;

import java.io.InputStream;
import java.util.List;

/**
 * A place that stores bytes under keys (a directory, a bucket, an SFTP path). A backend knows
 * nothing of hashes or layout. Every put is all-or-nothing: a reader never sees a partial value.
 */
public interface Storage extends AutoCloseable {

    /** Checked once all bytes of a put were read, before the value becomes visible; throws to abort. */
    @FunctionalInterface
    interface Verifier {
        void verify() throws StorageException;

        /**
         * The MD5 digest the bytes must have, when the caller knows it. Stores that check it on
         * their side (S3's Content-MD5) then refuse a mismatch without ever showing the value.
         */
        default byte[] expectedMd5() {
            return null;
        }

        /**
         * Called by a backend, before it reads the source, when the store itself will refuse bytes
         * that do not hash to {@link #expectedMd5()}: the caller may then skip hashing them again.
         */
        default void checkedByStore() {
        }
    }

    boolean exists(String key) throws StorageException;

    /** The value at {@code key}; {@link StorageException.Kind#NOT_FOUND} when absent. */
    InputStream open(String key) throws StorageException;

    /**
     * The value at {@code key} from byte {@code offset} on, to resume a read that broke off.
     * By default the value is opened from the start and the first bytes skipped; stores that can
     * read a range do so instead.
     */
    default InputStream open(String key, long offset) throws StorageException {
        InputStream in = open(key);
        try {
            in.skipNBytes(offset);
            return in;
        } catch (java.io.IOException e) {
            try {
                in.close();
            } catch (java.io.IOException ignored) {
                // the read failed already
            }
            throw new StorageException(StorageException.Kind.TRANSIENT, "cannot read " + describe() + " " + key
                    + " from byte " + offset + ": " + e.getMessage(), e);
        }
    }

    /** Bytes to store that can be read again from the start, so that a retry can resend them. */
    interface Source {
        InputStream open() throws java.io.IOException;

        /** The number of bytes, or -1 when unknown (backends that need it buffer). */
        long size();
    }

    /** Stores everything {@code source} yields under {@code key}, replacing any value there. */
    void put(String key, Source source, Verifier verifier) throws StorageException;

    /** Every key that starts with {@code prefix} (a "directory" ending in '/'). */
    List<String> list(String prefix) throws StorageException;

    void delete(String key) throws StorageException;

    /**
     * A listed key with the MD5 of its value (lowercase hex) when the store reports one in its
     * listings (S3's ETag of a single-part upload, GCS's md5Hash); {@code md5} is null otherwise.
     */
    record Listed(String key, String md5) {
    }

    /**
     * As {@link #list}, with each value's MD5 where the store gives it at no extra cost. By default
     * no store reports one, and only presence can be checked.
     */
    default List<Listed> listWithMd5(String prefix) throws StorageException {
        return list(prefix).stream().map(k -> new Listed(k, null)).toList();
    }

    /**
     * Refuses a key that could leave the storage's root (absolute, or with a {@code ..} part);
     * returns it unchanged otherwise. Every backend checks keys this way.
     */
    static String checkKey(String key, String where) throws StorageException {
        if (key.startsWith("/") || key.equals("..") || key.startsWith("../") || key.contains("/../") || key.endsWith("/..")) {
            throw new StorageException(StorageException.Kind.PERMANENT, "key '" + key + "' leaves " + where, null);
        }
        return key;
    }

    /** Where this storage is, for messages; never includes credentials. */
    String describe();

    @Override
    default void close() {
    }
}
