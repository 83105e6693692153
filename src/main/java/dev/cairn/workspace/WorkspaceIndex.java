package dev.cairn.workspace;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.FileStat;
import dev.cairn.hash.HashCache;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
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
    }

    private final FileHasher hasher;
    private final HashCache hashCache;
    private final Workers workers;
    private final java.util.function.BooleanSupplier locked;
    private final Path root;
    private final String ignoreFileName;

    /** @param locked whether the repository lock is held, which makes leftover temporary files safe to delete */
    public WorkspaceIndex(Path root, String ignoreFileName, FileHasher hasher, HashCache hashCache, Workers workers,
                          java.util.function.BooleanSupplier locked) {
        this.root = root;
        this.ignoreFileName = ignoreFileName;
        this.hasher = hasher;
        this.hashCache = hashCache;
        this.workers = workers;
        this.locked = locked;
    }

    /** Reads files to hash those the hash cache does not know. */
    public Identifier hashing() {
        return (file, known, stat) -> known != null ? known : hasher.hash(file);
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
        return new Snapshot(Snapshot.Kind.FILE, id, stat.size(), stat.isExecutable(), null, List.of(), null);
    }

    private Snapshot directory(Path dir, String key, Identifier identifier) {
        List<WorkspaceFile> files = walkDirectory(dir);
        // names a tree cannot hold are refused before any file is hashed or stored
        for (WorkspaceFile f : files) {
            String problem = dev.cairn.util.SafePaths.problemWith(f.relpath());
            if (problem != null) {
                throw dev.cairn.util.CairnException.badInput("'" + dev.cairn.util.SafePaths.printable(key + "/" + f.relpath())
                        + "': " + problem + "; rename it or list it in " + ignoreFileName);
            }
        }
        List<ObjectId> ids = workers.map(files, f -> identify(f, key + "/" + f.relpath(), identifier));
        List<TreeEntry> entries = new java.util.ArrayList<>(files.size());
        long size = 0;
        for (int i = 0; i < files.size(); i++) {
            WorkspaceFile f = files.get(i);
            entries.add(new TreeEntry(f.relpath(), ids.get(i)));
            size += f.stat().size();
        }
        Tree tree = Tree.of(entries);
        byte[] bytes = TreeCodec.encode(tree);
        return new Snapshot(Snapshot.Kind.DIRECTORY, hasher.hash(bytes, true), size, false, tree, files, bytes);
    }

    /** The files of a tracked directory (without hashing), honouring .cairnignore. */
    public List<WorkspaceFile> walkDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return new DirectoryWalker(workers, ignoreFileName, locked.getAsBoolean())
                .walk(dir, IgnoreStack.forDirectory(root, dir.getParent(), ignoreFileName));
    }

    /** The id of one workspace file, through the hash cache. */
    public ObjectId identify(WorkspaceFile f, String key, Identifier identifier) {
        ObjectId known = hashCache.get(key, f.stat());
        try {
            ObjectId id = identifier.identify(f.path(), known, f.stat());
            if (!id.equals(known)) {
                hashCache.put(key, f.stat(), id);
            }
            return id;
        } catch (IOException e) {
            throw IoErrors.failure("read", f.path(), e);
        }
    }
}
