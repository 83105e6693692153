package dev.cairn.hash;

/**
 * Remembers the hash of a file for as long as its stat data does not change, so unchanged files
 * are never read twice. {@link #NONE} remembers nothing.
 */
public interface HashCache {

    HashCache NONE = new HashCache() {
        @Override
        public ObjectId get(String key, FileStat stat) {
            return null;
        }

        @Override
        public void put(String key, FileStat stat, ObjectId id) {
        }

        @Override
        public void recordFresh(String key, FileStat stat, ObjectId id) {
        }

        @Override
        public void save() {
        }
    };

    /** The remembered id of the file at {@code key} when its stat data still matches, else null. */
    ObjectId get(String key, FileStat stat);

    void put(String key, FileStat stat, ObjectId id);

    /**
     * The id remembered for {@code key} when the file's size has changed since: its bytes are then
     * certainly other than those of that id. Null when nothing is remembered or the size is the same.
     */
    default ObjectId formerIdIfResized(String key, FileStat stat) {
        return null;
    }

    /**
     * As {@link #put}, also for a file modified a moment ago: only for a file this process has
     * just written under a fresh name and hashed while writing, which no other writer can have
     * opened, so that no write can hide in the same timestamp tick.
     */
    void recordFresh(String key, FileStat stat, ObjectId id);

    /** Starts reading what is remembered in the background, for a caller about to look up many files. */
    default void preload() {
    }

    /** Persists what was learnt; a no-op when nothing changed. */
    void save();
}
