package dev.cairn.storage;

/** A storage failure, classified by what the caller should do about it. */
public class StorageException extends Exception {

    /** NOT_FOUND and PERMANENT are never retried; TRANSIENT may be. */
    public enum Kind { NOT_FOUND, PERMANENT, TRANSIENT }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
