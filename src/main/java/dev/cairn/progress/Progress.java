package dev.cairn.progress;

/**
 * Hears how a long operation advances, so that a terminal can show it. Implementations must be
 * thread-safe: workers report items concurrently.
 */
public interface Progress {

    /** Reports nothing. */
    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long totalItems) {
        }

        @Override
        public void item(long bytes) {
        }

        @Override
        public void end() {
        }
    };

    /** A task of {@code totalItems} items starts (e.g. "Pushing", 5000 objects). */
    void begin(String task, long totalItems);

    /** One item is done; {@code bytes} it moved (0 when unknown). */
    void item(long bytes);

    /** The task ended (successfully or not). */
    void end();
}
