package dev.cairn.workspace;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a tracked path holds in the workspace right now. A directory's tree may be built only when
 * asked for: when its id came from the {@link DirectoryMemo}, most callers need nothing more.
 */
public final class Snapshot {

    public enum Kind { MISSING, FILE, DIRECTORY }

    /** A directory's tree and its serialized form, ready to store, encoded when first asked for. */
    public static final class Built {
        private final Tree tree;
        private byte[] bytes;

        public Built(Tree tree) {
            this.tree = tree;
        }

        public Tree tree() {
            return tree;
        }

        public synchronized byte[] bytes() {
            if (bytes == null) {
                bytes = TreeCodec.encode(tree);
            }
            return bytes;
        }
    }

    public static final Snapshot MISSING = new Snapshot(Kind.MISSING, null, 0, false, List.of(), () -> null);

    private final Kind kind;
    private final ObjectId id;
    private final long size;
    private final boolean executable;
    private final List<WorkspaceFile> files;
    private Supplier<Built> builder;
    private Built built;

    private Snapshot(Kind kind, ObjectId id, long size, boolean executable, List<WorkspaceFile> files,
                     Supplier<Built> builder) {
        this.kind = kind;
        this.id = id;
        this.size = size;
        this.executable = executable;
        this.files = files;
        this.builder = builder;
    }

    public static Snapshot file(ObjectId id, long size, boolean executable) {
        return new Snapshot(Kind.FILE, id, size, executable, List.of(), () -> null);
    }

    /** A directory whose tree {@code builder} gives, once and on first use. */
    public static Snapshot directory(ObjectId id, long size, List<WorkspaceFile> files, Supplier<Built> builder) {
        return new Snapshot(Kind.DIRECTORY, id, size, false, files, builder);
    }

    public Kind kind() {
        return kind;
    }

    /** The id of the file, or of the directory's tree; null when missing. */
    public ObjectId id() {
        return id;
    }

    public long size() {
        return size;
    }

    public boolean executable() {
        return executable;
    }

    /** The directory's files (empty for a file). */
    public List<WorkspaceFile> files() {
        return files;
    }

    /** The directory's tree (null for a file). */
    public Tree tree() {
        Built b = built();
        return b == null ? null : b.tree();
    }

    /** The serialized tree, ready to store (null for a file). */
    public byte[] treeBytes() {
        Built b = built();
        return b == null ? null : b.bytes();
    }

    public int nfiles() {
        return kind == Kind.DIRECTORY ? files.size() : 1;
    }

    private synchronized Built built() {
        if (builder != null) {
            built = builder.get();
            builder = null;
        }
        return built;
    }
}
