package dev.cairn.app;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.odb.ObjectStore;
import dev.cairn.odb.TreeBytes;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of a source repository: which objects a path of it names, and copying them to any
 * object store, from the source's cache first and from its default remote for the rest. Every
 * copy goes through {@link Transfer}, so every object is verified on the way in.
 */
final class SourceObjects {

    /**
     * What a path names: a file ({@code tree} null) or a directory.
     *
     * @param storedTree whether the source stores the tree object; a directory inside a tracked
     *                   directory has none, so its tree is built here ({@code treeBytes})
     */
    record Selected(String path, ObjectId id, Tree tree, boolean storedTree, byte[] treeBytes) {
        boolean isDir() {
            return tree != null;
        }

        /** The objects to copy: the files and, when the source has it, the tree itself. */
        List<ObjectId> objects() {
            if (!isDir()) {
                return List.of(id);
            }
            List<ObjectId> ids = new ArrayList<>(tree.size() + 1);
            tree.entries().forEach(e -> ids.add(e.id()));
            if (storedTree) {
                ids.add(id);
            }
            return ids;
        }
    }

    private final SourceRepo source;
    private final Transfer transfer;
    private final FileHasher hasher = new FileHasher(HashAlgorithm.MD5);
    private final Map<ObjectId, Tree> trees = new HashMap<>();

    SourceObjects(SourceRepo source, Transfer transfer) {
        this.source = source;
        this.transfer = transfer;
    }

    /** A path as the user gives it ({@code data/}, {@code ./data}) in the form outputs are recorded. */
    static String normalize(String path) {
        String p = path.replace('\\', '/');
        String problem = SafePaths.problemWith(p);
        String posix = problem != null ? "" : SafePaths.toPosix(Path.of(p).normalize());
        if (problem != null || posix.startsWith("..")) {
            throw CairnException.badInput("'" + path + "' is not a path inside the repository"
                    + (problem != null ? ": " + problem : ""));
        }
        return posix;
    }

    /** The data {@code path} names: an output, or a file or directory inside a tracked directory. */
    Selected select(String path) {
        String p = normalize(path);
        for (RevisionOutputs.Recorded o : source.outputs()) {
            if (o.path().equals(p)) {
                return o.id().isDir() ? new Selected(p, o.id(), requireTree(o), true, null) : new Selected(p, o.id(), null, false, null);
            }
        }
        for (RevisionOutputs.Recorded o : source.outputs()) {
            if (o.id().isDir() && p.startsWith(o.path() + "/")) {
                Selected inside = inside(requireTree(o), p, p.substring(o.path().length() + 1));
                if (inside != null) {
                    return inside;
                }
            }
        }
        throw notTracked(p);
    }

    /** A file of a tree, or the subtree of a directory in it; null when it holds neither. */
    private Selected inside(Tree tree, String path, String rel) {
        TreeEntry file = tree.get(rel);
        if (file != null) {
            return new Selected(path, file.id(), null, false, null);
        }
        List<TreeEntry> below = new ArrayList<>();
        for (TreeEntry e : tree.entries()) {
            if (e.relpath().startsWith(rel + "/")) {
                below.add(new TreeEntry(e.relpath().substring(rel.length() + 1), e.id()));
            }
        }
        if (below.isEmpty()) {
            return null;
        }
        Tree sub = Tree.of(below);
        byte[] bytes = TreeCodec.encode(sub);
        return new Selected(path, hasher.hash(bytes, true), sub, false, bytes);
    }

    private CairnException notTracked(String p) {
        List<String> outputs = source.outputs().stream().map(RevisionOutputs.Recorded::path).distinct().sorted().toList();
        List<String> below = outputs.stream().filter(o -> p.isEmpty() || o.startsWith(p + "/")).toList();
        String where = source.location() + " at " + source.shortCommit();
        StringBuilder sb = new StringBuilder();
        if (!below.isEmpty() && !p.isEmpty()) {
            sb.append("'").append(p).append("' is not a Cairn output of ").append(where)
                    .append("; pick one of the outputs inside it:");
            below.forEach(o -> sb.append("\n\t").append(o));
            return CairnException.badInput(sb.toString());
        }
        sb.append("'").append(p).append("' is not tracked by Cairn in ").append(where);
        if (source.gitFiles().contains(p)) {
            sb.append(" (Git tracks it: read it with git)");
        }
        if (outputs.isEmpty()) {
            sb.append("; it tracks nothing at that revision");
        } else {
            sb.append("; it tracks:");
            outputs.forEach(o -> sb.append("\n\t").append(o));
        }
        return CairnException.badInput(sb.toString());
    }

    private Tree requireTree(RevisionOutputs.Recorded o) {
        Tree tree = tree(o.id());
        if (tree == null) {
            throw CairnException.failed("the file list of '" + o.path() + "' (" + o.id() + ") is " + nowhere());
        }
        return tree;
    }

    /** Why an object is nowhere to be had, for messages. */
    String nowhere() {
        String cache = source.cache().isPresent() ? "not in the cache of " + source.location() : "not in a cache here";
        return source.defaultRemote() == null
                ? cache + ", and " + source.location() + " sets no default remote at " + source.shortCommit()
                : cache + " nor on its default remote '" + source.defaultRemote() + "'";
    }

    /** A directory's tree, read from the source's cache or its remote and checked; null when neither has it. */
    synchronized Tree tree(ObjectId id) {
        Tree known = trees.get(id);
        if (known != null) {
            return known;
        }
        Tree tree = null;
        LocalCache cache = source.cache().orElse(null);
        if (cache != null) {
            try {
                tree = cache.readTree(id);
            } catch (CairnException corrupt) {
                tree = null; // a damaged copy there: the remote may hold a good one
            }
        }
        if (tree == null && source.defaultRemote() != null) {
            tree = readTree(source.remote(), id);
        }
        if (tree != null) {
            trees.put(id, tree);
        }
        return tree;
    }

    private Tree readTree(ObjectStore store, ObjectId id) {
        TreeBytes.Read read = TreeBytes.read(store, id, hasher);
        if (read.integrity() == LocalCache.Integrity.CORRUPT) {
            throw CairnException.failed("tree " + id + " on " + store.describe() + " does not match its hash");
        }
        return read.bytes() == null ? null : TreeCodec.decode(read.bytes(), hasher.algorithm(), "tree object " + id);
    }

    /**
     * Copies objects to {@code to}: what the source's cache holds from there, the rest from its
     * default remote (opened only when needed). Fails, naming the path, when objects are nowhere
     * or arrive damaged.
     */
    void copy(Selected what, Collection<ObjectId> ids, ObjectStore to) {
        List<ObjectId> todo = List.copyOf(ids);
        LocalCache cache = source.cache().orElse(null);
        if (cache != null) {
            Transfer.Result fromCache = transfer.copy("Copying", todo, cache, to);
            List<ObjectId> rest = new ArrayList<>(fromCache.missing());
            rest.addAll(fromCache.corrupt());
            todo = rest;
        }
        if (!todo.isEmpty()) {
            if (source.defaultRemote() == null) {
                throw CairnException.failed(todo.size() + " object(s) of '" + what.path() + "' are " + nowhere()
                        + "\nhint: push the data from the source repository to a remote it names with 'cairn remote add -d'");
            }
            ObjectStore remote = source.remote();
            fail(what, transfer.copy("Downloading", todo, remote, to), remote.describe());
        }
    }

    private static void fail(Selected what, Transfer.Result r, String where) {
        if (r.missing().isEmpty() && r.corrupt().isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("cannot get '" + what.path() + "': ");
        if (!r.missing().isEmpty()) {
            sb.append(r.missing().size()).append(" object(s) are missing from ").append(where);
            r.missing().stream().limit(20).forEach(id -> sb.append("\n\t").append(id));
        }
        if (!r.corrupt().isEmpty()) {
            sb.append(r.missing().isEmpty() ? "" : "\nand ").append(r.corrupt().size())
                    .append(" object(s) there do not match their hash");
            r.corrupt().stream().limit(20).forEach(id -> sb.append("\n\t").append(id));
        }
        throw CairnException.failed(sb.toString());
    }
}
