package dev.cairn.workspace;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import java.util.List;

/**
 * What a tracked path holds in the workspace right now.
 *
 * @param id     the id of the file, or of the directory's tree; null when missing
 * @param tree   the directory's tree (null for a file)
 * @param files  the directory's files (empty for a file)
 * @param treeBytes the serialized tree, ready to store
 */
public record Snapshot(Kind kind, ObjectId id, long size, boolean executable, Tree tree,
                       List<WorkspaceFile> files, byte[] treeBytes) {

    public enum Kind { MISSING, FILE, DIRECTORY }

    public static final Snapshot MISSING = new Snapshot(Kind.MISSING, null, 0, false, null, List.of(), null);

    public int nfiles() {
        return tree == null ? 1 : tree.size();
    }
}
