package dev.cairn.app;

import dev.cairn.git.GitRevisions;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.repo.Repository;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.CairnException;
import dev.cairn.workspace.Snapshot;
import dev.cairn.workspace.WorkspaceIndex;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code cairn diff}: the tracked files that were added, deleted, modified or renamed between two
 * revisions, or between a revision and the workspace, files inside tracked directories included.
 * The recorded side of a directory is expanded from its tree object in the cache; the workspace
 * side is hashed from disk, so uncommitted changes show, as in DVC.
 */
public final class DiffService {

    /** The revision name of the workspace side. */
    public static final String WORKSPACE = "workspace";

    public enum Kind { ADDED, DELETED, MODIFIED, RENAMED, NOT_IN_CACHE }

    /**
     * A path on one side of a change.
     *
     * @param path repository-relative POSIX path
     * @param dir  a tracked directory (its id is a tree), shown with a trailing slash
     */
    public record Entry(String path, ObjectId id, boolean dir) {
        public String shown() {
            return dir ? path + "/" : path;
        }
    }

    /** One change; {@code before} is null for ADDED, {@code after} is null for DELETED and NOT_IN_CACHE. */
    public record Change(Kind kind, Entry before, Entry after) {
        /** The path the change is sorted and shown by: the old one, except for an addition. */
        public String shown() {
            return before != null ? before.shown() : after.shown();
        }
    }

    /** A directory whose tree object the cache lacks, so that its files could not be compared. */
    public record MissingTree(String revision, String path, ObjectId id) {
    }

    /**
     * @param changes sorted by kind, then by {@link Change#shown()} in code-point order
     */
    public record Result(String oldRevision, String newRevision, List<Change> changes, List<MissingTree> missingTrees) {
        public List<Change> of(Kind kind) {
            return changes.stream().filter(c -> c.kind() == kind).toList();
        }
    }

    /** The outputs of one side by path, and the trees already known (the workspace's, just hashed). */
    private record Side(String revision, Map<String, ObjectId> outputs, Map<ObjectId, Tree> trees) {
    }

    private final Session session;
    private final Repository repo;

    public DiffService(Session session) {
        this.session = session;
        this.repo = session.repo();
    }

    /**
     * Compares revision {@code aRev} with {@code bRev}, or with the workspace when {@code bRev} is
     * null. {@code targets} (absolute paths) limit it to outputs at or below them, or to the files
     * below them inside a tracked directory. With {@code withMissing}, the files of {@code aRev}
     * whose objects the cache lacks are listed as NOT_IN_CACHE (DVC does so for the workspace only).
     */
    public Result diff(String aRev, String bRev, List<Path> targets, boolean withMissing) {
        if (repo.gitRoot().isEmpty()) {
            throw CairnException.state("cairn diff compares Git revisions, and " + repo.root() + " is not in a Git work tree");
        }
        Targets wanted = new Targets(targets.stream().map(this::relativeTarget).toList());
        Side before;
        Side after;
        try (GitRevisions git = GitRevisions.open(repo.root())) {
            before = atRevision(git, aRev, wanted);
            after = bRev == null ? workspace(wanted) : atRevision(git, bRev, wanted);
        }
        wanted.checkFound(before, after);

        Map<String, Entry> removed = new LinkedHashMap<>();
        Map<String, Entry> added = new LinkedHashMap<>();
        List<MissingTree> missing = new ArrayList<>();
        Set<String> paths = new TreeSet<>(before.outputs().keySet());
        paths.addAll(after.outputs().keySet());
        for (String path : paths) {
            ObjectId a = before.outputs().get(path);
            ObjectId b = after.outputs().get(path);
            if (a != null && a.equals(b)) {
                continue; // unchanged: its files are too, no tree needs reading
            }
            Tree treeA = a != null && a.isDir() ? tree(before, path, a, missing) : null;
            Tree treeB = b != null && b.isDir() ? tree(after, path, b, missing) : null;
            if (wanted.includesOutput(path)) {
                if (a != null) {
                    removed.put(path, new Entry(path, a, a.isDir()));
                }
                if (b != null) {
                    added.put(path, new Entry(path, b, b.isDir()));
                }
            }
            // a side whose tree is unknown leaves the files unknown on both: comparing the known
            // side with nothing would report every file as added or deleted
            boolean unknown = (a != null && a.isDir() && treeA == null) || (b != null && b.isDir() && treeB == null);
            if (!unknown) {
                changedFiles(path, treeA, treeB, wanted, removed, added);
            }
        }
        List<Change> changes = compare(removed, added);
        if (withMissing) {
            changes.addAll(notInCache(before, wanted));
        }
        changes.sort(Comparator.comparing(Change::kind).thenComparing(Change::shown, Tree.CODE_POINT_ORDER));
        return new Result(aRev, bRev == null ? WORKSPACE : bRev, changes, missing);
    }

    private String relativeTarget(Path target) {
        Path p = target.toAbsolutePath().normalize();
        if (!p.startsWith(repo.root())) {
            throw CairnException.badInput("'" + target + "' is outside the repository " + repo.root());
        }
        String rel = repo.relative(p);
        String suffix = repo.layout().manifestSuffix();
        // a manifest stands for the output it records, as in the other commands
        return rel.endsWith(suffix) ? rel.substring(0, rel.length() - suffix.length()) : rel;
    }

    private Side atRevision(GitRevisions git, String rev, Targets wanted) {
        Map<String, ObjectId> outputs = new LinkedHashMap<>();
        for (RevisionOutputs.Recorded r : RevisionOutputs.at(repo, git, rev)) {
            if (wanted.related(r.path())) {
                outputs.put(r.path(), r.id());
            }
        }
        return new Side(rev, outputs, new HashMap<>());
    }

    /** What the workspace's outputs hold now, hashed through the hash cache like {@code cairn status}. */
    private Side workspace(Targets wanted) {
        Map<String, ObjectId> outputs = new LinkedHashMap<>();
        Map<ObjectId, Tree> trees = new HashMap<>();
        WorkspaceIndex index = session.index();
        for (TrackedOutput t : session.manifests().resolveTargets(List.of())) {
            // an output without a recorded hash still counts: its data is on disk
            if (!t.out().cached() || !wanted.related(t.key())) {
                continue;
            }
            Snapshot snap = index.snapshot(t.path(), t.key(), index.hashing());
            if (snap.kind() == Snapshot.Kind.MISSING) {
                continue;
            }
            outputs.put(t.key(), snap.id());
            if (snap.tree() != null) {
                trees.put(snap.id(), snap.tree());
            }
        }
        return new Side(WORKSPACE, outputs, trees);
    }

    private Tree tree(Side side, String path, ObjectId id, List<MissingTree> missing) {
        Tree t = side.trees().computeIfAbsent(id, session.cache()::readTree);
        if (t == null) {
            missing.add(new MissingTree(side.revision(), path, id));
        }
        return t;
    }

    /**
     * The files that differ between two trees of one directory (either may be null: absent), into
     * {@code removed} and {@code added}, a modified file into both. Both trees are sorted in
     * code-point order, so one merge pass finds them without a map of every file.
     */
    private static void changedFiles(String dir, Tree a, Tree b, Targets wanted,
                                     Map<String, Entry> removed, Map<String, Entry> added) {
        List<TreeEntry> left = a == null ? List.of() : a.entries();
        List<TreeEntry> right = b == null ? List.of() : b.entries();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            TreeEntry x = i < left.size() ? left.get(i) : null;
            TreeEntry y = j < right.size() ? right.get(j) : null;
            int order = x == null ? 1 : y == null ? -1 : Tree.CODE_POINT_ORDER.compare(x.relpath(), y.relpath());
            if (order == 0 && x.id().equals(y.id())) {
                i++;
                j++;
                continue;
            }
            if (order <= 0) {
                file(dir, x, wanted, removed);
                i++;
            }
            if (order >= 0) {
                file(dir, y, wanted, added);
                j++;
            }
        }
    }

    private static void file(String dir, TreeEntry e, Targets wanted, Map<String, Entry> into) {
        String path = dir + "/" + e.relpath();
        if (wanted.includesFile(dir, path)) {
            into.put(path, new Entry(path, e.id(), false));
        }
    }

    private static void files(String dir, Tree tree, Targets wanted, Map<String, Entry> into) {
        if (tree == null) {
            return;
        }
        tree.entries().forEach(e -> file(dir, e, wanted, into));
    }

    /** Paths on one side only are added or deleted, then paired into renames by id; on both with another id, modified. */
    private static List<Change> compare(Map<String, Entry> before, Map<String, Entry> after) {
        List<Change> changes = new ArrayList<>();
        List<Entry> deleted = new ArrayList<>();
        List<Entry> added = new ArrayList<>();
        for (Entry a : before.values()) {
            Entry b = after.get(a.path());
            if (b == null) {
                deleted.add(a);
            } else if (!a.id().equals(b.id())) {
                changes.add(new Change(Kind.MODIFIED, a, b));
            }
        }
        for (Entry b : after.values()) {
            if (!before.containsKey(b.path())) {
                added.add(b);
            }
        }
        // DVC's pairing: additions in path order each take the first deletion (in path order)
        // of the same content, so the result does not depend on the order of the outputs
        Comparator<Entry> byPath = Comparator.comparing(Entry::path, Tree.CODE_POINT_ORDER);
        deleted.sort(byPath);
        added.sort(byPath);
        Map<ObjectId, ArrayDeque<Entry>> deletedById = new LinkedHashMap<>();
        deleted.forEach(d -> deletedById.computeIfAbsent(d.id(), k -> new ArrayDeque<>()).add(d));
        for (Entry b : added) {
            ArrayDeque<Entry> sameContent = deletedById.get(b.id());
            Entry a = sameContent == null ? null : sameContent.poll();
            changes.add(a == null ? new Change(Kind.ADDED, null, b) : new Change(Kind.RENAMED, a, b));
        }
        deletedById.values().forEach(left -> left.forEach(a -> changes.add(new Change(Kind.DELETED, a, null))));
        return changes;
    }

    /**
     * The objects of the old side, changed or not, that the cache lacks: a directory whose tree
     * is missing is listed itself; otherwise the files of its tree that are missing.
     */
    private List<Change> notInCache(Side side, Targets wanted) {
        List<Change> missing = new ArrayList<>();
        Map<String, Tree> trees = new LinkedHashMap<>();
        Set<ObjectId> ids = new java.util.HashSet<>();
        for (Map.Entry<String, ObjectId> o : side.outputs().entrySet()) {
            String path = o.getKey();
            ObjectId id = o.getValue();
            Tree tree = id.isDir() ? side.trees().computeIfAbsent(id, session.cache()::readTree) : null;
            if (id.isDir() && tree == null) {
                if (wanted.includesOutput(path) || wanted.insideOutput(path)) {
                    missing.add(new Change(Kind.NOT_IN_CACHE, new Entry(path, id, true), null));
                }
            } else if (tree != null) {
                trees.put(path, tree);
                tree.entries().forEach(e -> ids.add(e.id()));
            } else if (wanted.includesOutput(path)) {
                ids.add(id);
            }
        }
        // one look-up for all objects (a listing of the cache when there are many); entries and
        // their paths are made only for the few that are missing
        Set<ObjectId> present = new Transfer(session.workers()).present(ids, session.cache());
        for (Map.Entry<String, ObjectId> o : side.outputs().entrySet()) {
            Tree tree = trees.get(o.getKey());
            if (tree != null) {
                Map<String, Entry> files = new LinkedHashMap<>();
                tree.entries().stream().filter(e -> !present.contains(e.id())).forEach(e -> file(o.getKey(), e, wanted, files));
                files.values().forEach(e -> missing.add(new Change(Kind.NOT_IN_CACHE, e, null)));
            } else if (!o.getValue().isDir() && wanted.includesOutput(o.getKey()) && !present.contains(o.getValue())) {
                missing.add(new Change(Kind.NOT_IN_CACHE, new Entry(o.getKey(), o.getValue(), false), null));
            }
        }
        return missing;
    }

    /** The repository-relative paths the user limited the comparison to; none means everything. */
    private record Targets(List<String> paths) {

        private static boolean atOrBelow(String path, String target) {
            return target.isEmpty() || path.equals(target) || path.startsWith(target + "/");
        }

        /** Whether an output matters: at or below a target, or holding one. */
        boolean related(String output) {
            return paths.isEmpty() || paths.stream().anyMatch(t -> atOrBelow(output, t) || atOrBelow(t, output));
        }

        /** Whether the output itself is listed (a target inside a directory lists only files). */
        boolean includesOutput(String output) {
            return paths.isEmpty() || paths.stream().anyMatch(t -> atOrBelow(output, t));
        }

        /** Whether some target lies inside the directory output. */
        boolean insideOutput(String output) {
            return paths.stream().anyMatch(t -> !t.equals(output) && atOrBelow(t, output));
        }

        boolean includesFile(String output, String file) {
            return includesOutput(output) || paths.stream().anyMatch(t -> atOrBelow(file, t));
        }

        /** A target that names no output on either side is a mistake, as in DVC. */
        void checkFound(Side before, Side after) {
            for (String t : paths) {
                boolean found = t.isEmpty() // the repository root: nothing tracked is no mistake
                        || before.outputs().keySet().stream().anyMatch(o -> atOrBelow(o, t) || atOrBelow(t, o))
                        || after.outputs().keySet().stream().anyMatch(o -> atOrBelow(o, t) || atOrBelow(t, o));
                if (!found) {
                    throw CairnException.badInput("'" + t + "' is not tracked by Cairn at "
                            + before.revision() + " or " + (after.revision().equals(WORKSPACE) ? "in the workspace" : "at " + after.revision()));
                }
            }
        }
    }
}
