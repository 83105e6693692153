package dev.cairn.progress;

/**
 * Receives progress of long operations. The core reports; only a renderer in the command line
 * draws. {@link #NONE} is passed where nobody listens, never null.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** A new phase begins, with a known total of units (or -1 when unknown). */
    default void begin(String phase, long total) {
    }

    /** {@code units} more units of the current phase are done; called from any thread. */
    default void advance(long units) {
    }

    /** The current phase ended. */
    default void end() {
    }
}
