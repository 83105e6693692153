package dev.cairn.util;

/**
 * A failure meant for the user. The {@link Kind} says what went wrong in terms of what the
 * caller should do; the command line maps it to an exit code in one place.
 */
public class CairnException extends RuntimeException {

    /** Why the command could not finish. */
    public enum Kind {
        /** The operation was tried and failed (missing objects, I/O errors). */
        FAILED,
        /** The user's input is wrong: arguments, manifests, config, paths. */
        BAD_INPUT,
        /** The repository is not in a state that allows the command (not initialised, locked). */
        STATE,
        /** The command was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;

    public CairnException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CairnException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static CairnException badInput(String message) {
        return new CairnException(Kind.BAD_INPUT, message);
    }

    public static CairnException failed(String message) {
        return new CairnException(Kind.FAILED, message);
    }

    public static CairnException failed(String message, Throwable cause) {
        return new CairnException(Kind.FAILED, message, cause);
    }

    public static CairnException state(String message) {
        return new CairnException(Kind.STATE, message);
    }
}
