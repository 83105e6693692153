package dev.cairn.workspace;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.FileStat;
import dev.cairn.hash.Fingerprint;
import dev.cairn.hash.HashCache;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.util.IoErrors;
import dev.cairn.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Identifies what tracked paths hold: walks directories, asks the hash cache first and hashes (or
 * imports) only files whose stat data changed, on every worker.
 */
public final class WorkspaceIndex {

    /** Gives the id of one file's bytes; {@code known} is the hash cache's answer, or null. */
    @FunctionalInterface
    public interface Identifier {
        ObjectId identify(Path file, ObjectId known, FileStat stat) throws IOException;

        /** Whether {@code id}, which this identifier gave for a file or a directory, is the real one (not a placeholder). */
        default boolean isExact(ObjectId id) {
            return true;
        }

        /** Whether identifying does nothing but give ids (stores nothing), so the memo may answer instead. */
        default boolean onlyIdentifies() {
            return false;
        }

        /**
         * The id of directory {@code key} holding {@code tree} when known without encoding and
         * hashing it, else null; asked once every file of the tree was identified.
         */
        default ObjectId knownTreeId(String key, Tree tree) {
            return null;
        }
    }

    private final FileHasher hasher;
    private final HashCache hashCache;
    private final Workers workers;
    private final java.util.function.BooleanSupplier locked;
    private final Path root;
    private final String ignoreFileName;
    private final DirectoryMemo memo;
    private final java.util.function.LongSupplier nowNanos;
    private final Identifier hashing;

    /** @param locked whether the repository lock is held, which makes leftover temporary files safe to delete */
    public WorkspaceIndex(Path root, String ignoreFileName, FileHasher hasher, HashCache hashCache, DirectoryMemo memo,
                          Workers workers, java.util.function.BooleanSupplier locked,
                          java.util.function.LongSupplier nowNanos) {
        this.memo = memo;
        this.nowNanos = nowNanos;
        this.hashing = new Hashing();
        this.root = root;
        this.ignoreFileName = ignoreFileName;
        this.hasher = hasher;
        this.hashCache = hashCache;
        this.workers = workers;
        this.locked = locked;
    }

    /** Reads files to hash those the hash cache does not know. */
    public Identifier hashing() {
        return hashing;
    }

    /** What an output's manifest records, as {@code status} compares the workspace with it. */
    public interface Recorded {
        /** The recorded id; null when not committed. */
        ObjectId id();

        /** The recorded tree of a directory, read when first asked for; null for a file or when not in the cache. */
        Tree tree();

        /**
         * Whether the recorded tree is intact and its bytes in canonical form, so that its id is
         * that of any tree with its entries.
         */
        boolean canonical();
    }

    /**
     * For {@code status}, which needs to know what changed, not the new hashes, of output {@code key}:
     * a file whose size differs from the size it had when it held the bytes recorded for it is not
     * read but given a placeholder id, which differs from every real one, and so is a directory
     * holding such a file; other files are hashed as by {@link #hashing()}, and a directory whose
     * files all match a canonical recorded tree is given the recorded id without encoding it.
     * Placeholders never reach the hash cache or the directory memo.
     */
    public Identifier detectingChanges(String key, Recorded recorded) {
        return new ChangeDetector(key, recorded);
    }

    private class Hashing implements Identifier {
        @Override
        public ObjectId identify(Path file, ObjectId known, FileStat stat) throws IOException {
            return known != null ? known : hasher.hash(file);
        }

        @Override
        public boolean onlyIdentifies() {
            return true;
        }
    }

    private final class ChangeDetector extends Hashing {
        private final String output;
        private final Recorded recorded;
        private final java.util.Set<ObjectId> placeholders = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ChangeDetector(String output, Recorded recorded) {
            this.output = output;
            this.recorded = recorded;
        }

        @Override
        public ObjectId identify(Path file, ObjectId known, FileStat stat) throws IOException {
            if (known == null) {
                String key = dev.cairn.util.SafePaths.toPosix(root.relativize(file));
                ObjectId former = hashCache.formerIdIfResized(key, stat);
                if (former != null && former.equals(recorded(key))) {
                    return placeholder("resized: " + key + " " + stat.size() + " " + stat.mtimeNanos(), false);
                }
            }
            return super.identify(file, known, stat);
        }

        /** Called once every file of the directory was identified, so that placeholders are known. */
        @Override
        public ObjectId knownTreeId(String key, Tree tree) {
            ObjectId id = recorded.id();
            if (!key.equals(output) || id == null || !id.isDir()) {
                return null;
            }
            if (!placeholders.isEmpty()) {
                return placeholder("holds resized files: " + key, true);
            }
            return recorded.canonical() && recorded.tree().entries().equals(tree.entries()) ? id : null;
        }

        /** The recorded id of a file by its repository-relative path, or null. */
        private ObjectId recorded(String key) {
            ObjectId id = recorded.id();
            if (id == null || !id.isDir()) {
                return key.equals(output) ? id : null;
            }
            Tree tree = key.startsWith(output + "/") ? recorded.tree() : null;
            TreeEntry e = tree == null ? null : tree.get(key.substring(output.length() + 1));
            return e == null ? null : e.id();
        }

        private ObjectId placeholder(String what, boolean isDir) {
            ObjectId id = hasher.hash(("cairn: not hashed, " + what).getBytes(java.nio.charset.StandardCharsets.UTF_8), isDir);
            placeholders.add(id);
            return id;
        }

        @Override
        public boolean isExact(ObjectId id) {
            return !placeholders.contains(id);
        }
    }

    public DirectoryMemo memo() {
        return memo;
    }

    public HashCache hashCache() {
        return hashCache;
    }

    public Workers workers() {
        return workers;
    }

    /** What {@code path} holds, its files identified by {@code identifier}; {@code key} is its repo-relative path. */
    public Snapshot snapshot(Path path, String key, Identifier identifier) {
        FileStat stat;
        try {
            stat = FileStat.of(path, true);
        } catch (NoSuchFileException e) {
            return Snapshot.MISSING;
        } catch (IOException e) {
            throw IoErrors.failure("read", path, e);
        }
        if (stat.isDirectory()) {
            return directory(path, key, identifier);
        }
        ObjectId id = identify(new WorkspaceFile(path.getFileName().toString(), path, stat), key, identifier);
        return Snapshot.file(id, stat.size(), stat.isExecutable());
    }

    /**
     * Walks the directory, then asks the memo whether these stat data were seen before; only when
     * they were not are its names checked, its files identified (through the hash cache) and its
     * tree built. A directory whose files changed in the last moments is not remembered, like a
     * racy file.
     */
    private Snapshot directory(Path dir, String key, Identifier identifier) {
        if (!memo.knows(key)) {
            hashCache.preload(); // every file will be looked up: read the cache while walking
        }
        List<WorkspaceFile> files = walkDirectory(dir);
        long size = 0;
        long now = nowNanos.getAsLong();
        boolean racy = false;
        Fingerprint.Builder fingerprint = new Fingerprint.Builder();
        for (WorkspaceFile f : files) {
            size += f.stat().size();
            racy |= f.stat().isRacyAt(now);
            fingerprint.add(f.relpath(), f.stat());
        }
        Fingerprint stats = fingerprint.build();
        if (identifier.onlyIdentifies()) {
            ObjectId known = memo.lookup(key, stats);
            if (known != null) {
                return Snapshot.directory(known, size, files, () -> build(files, key, identifier));
            }
        }
        Snapshot.Built built = build(files, key, identifier);
        ObjectId id = identifier.knownTreeId(key, built.tree());
        if (id == null) {
            id = hasher.hash(built.bytes(), true);
        }
        if (!racy && identifier.isExact(id)) {
            memo.record(key, stats, id);
        }
        return Snapshot.directory(id, size, files, () -> built);
    }

    private Snapshot.Built build(List<WorkspaceFile> files, String key, Identifier identifier) {
        // names a tree cannot hold are refused before any file is hashed or stored (a memo hit
        // needs no check: the memo only holds trees built, and so checked, from these names)
        for (WorkspaceFile f : files) {
            String problem = dev.cairn.util.SafePaths.problemWith(f.relpath());
            if (problem != null) {
                throw dev.cairn.util.CairnException.badInput("'" + dev.cairn.util.SafePaths.printable(key + "/" + f.relpath())
                        + "': " + problem + "; rename it or list it in " + ignoreFileName);
            }
        }
        List<ObjectId> ids = workers.map(files, f -> identify(f, key + "/" + f.relpath(), identifier));
        List<TreeEntry> entries = new java.util.ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            entries.add(new TreeEntry(files.get(i).relpath(), ids.get(i)));
        }
        return new Snapshot.Built(Tree.of(entries));
    }

    /** The files of a tracked directory (without hashing), honouring .cairnignore. */
    public List<WorkspaceFile> walkDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return new DirectoryWalker(workers, ignoreFileName, locked.getAsBoolean(), DirectoryWalker.Rules.TRACKED)
                .walk(dir, IgnoreStack.forDirectory(root, dir.getParent(), ignoreFileName));
    }

    /** The id of one workspace file, through the hash cache. */
    public ObjectId identify(WorkspaceFile f, String key, Identifier identifier) {
        ObjectId known = hashCache.get(key, f.stat());
        try {
            ObjectId id = identifier.identify(f.path(), known, f.stat());
            if (!id.equals(known) && identifier.isExact(id)) {
                hashCache.put(key, f.stat(), id);
            }
            return id;
        } catch (IOException e) {
            throw IoErrors.failure("read", f.path(), e);
        }
    }
}
