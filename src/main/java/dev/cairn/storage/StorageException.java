package dev.cairn.storage;

/** A storage failure, classified by what the caller should do about it. */
public class StorageException extends Exception {

    /** NOT_FOUND and PERMANENT are never retried; TRANSIENT may be. */
    /** CORRUPT: the bytes offered do not match the digest they were sent with (never retried). */
    public enum Kind { NOT_FOUND, PERMANENT, TRANSIENT, CORRUPT }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
