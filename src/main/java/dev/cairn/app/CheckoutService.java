package dev.cairn.app;

import dev.cairn.hash.FileStat;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.SafePaths;
import dev.cairn.workspace.WorkspaceFile;
import dev.cairn.workspace.WorkspaceIndex;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cairn checkout}: makes the workspace match the manifests. Files whose content the cache
 * does not hold are never overwritten or deleted without {@code force}, so nothing is lost;
 * objects missing from the cache are reported and everything else is still restored.
 */
public final class CheckoutService {

    /**
     * @param conflicts workspace paths left alone because changing them would lose data
     * @param missing   paths whose objects are not in the cache
     * @param corrupt   paths left as they were because their object's bytes no longer match its id
     */
    public record Result(int restored, int deleted, int unchanged, List<String> conflicts, List<String> missing,
                         List<Damaged> corrupt) {
    }

    /** A workspace path whose object is damaged, and where that object is. */
    public record Damaged(String path, ObjectId id, Path object) {
    }

    private final Session session;
    private final LocalCache cache;
    private final WorkspaceIndex index;
    private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();

    public CheckoutService(Session session) {
        this.session = session;
        this.cache = session.cache();
        this.index = session.index();
        session.preloadObjectRecords(); // every object is checked before it is placed
    }

    public Result checkout(List<Path> targets, boolean relink, boolean force) {
        Counters c = new Counters();
        plan(targets, relink, force, c, null);
        return result(c);
    }

    /**
     * A checkout that does not wait for the objects {@code incoming}: each file whose object is
     * among them is placed when {@link Pending#arrived} says the object is in the cache (a pull
     * calls it as each download completes, so files appear while others still download), and
     * {@link Pending#finish} places what never arrived (reported missing) and gives the result.
     */
    public Pending checkoutAsArriving(List<Path> targets, boolean relink, boolean force, Set<ObjectId> incoming) {
        Pending pending = new Pending(incoming, new Counters());
        plan(targets, relink, force, pending.counters, pending);
        return pending;
    }

    /** Placements waiting for their objects; see {@link #checkoutAsArriving}. */
    public final class Pending {
        private final Set<ObjectId> incoming;
        private final Counters counters;
        private final Map<ObjectId, List<Runnable>> waiting = new ConcurrentHashMap<>();

        private Pending(Set<ObjectId> incoming, Counters counters) {
            this.incoming = incoming;
            this.counters = counters;
        }

        /** Places the files that waited for {@code id}, which is now in the cache. */
        public void arrived(ObjectId id) {
            List<Runnable> placements = waiting.remove(id);
            if (placements != null) {
                placements.forEach(Runnable::run);
            }
        }

        /** Places what is still waiting (its object never came: reported missing) and gives the result. */
        public Result finish() {
            List<Runnable> rest = new ArrayList<>();
            waiting.values().forEach(rest::addAll);
            waiting.clear();
            index.workers().forEach(rest, Runnable::run);
            return result(counters);
        }

        private boolean defer(ObjectId id, Runnable placement) {
            if (!incoming.contains(id)) {
                return false;
            }
            waiting.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(placement);
            return true;
        }
    }

    /** Runs {@code placement} now, or when {@code id} arrives if a pending checkout waits for it. */
    private static void placeWhenReady(Pending pending, ObjectId id, Runnable placement) {
        if (pending == null || !pending.defer(id, placement)) {
            placement.run();
        }
    }

    private void plan(List<Path> targets, boolean relink, boolean force, Counters c, Pending pending) {
        for (TrackedOutput t : session.manifests().resolveTargets(targets)) {
            if (t.out().id() == null || !t.out().cached()) {
                continue;
            }
            if (t.out().isDir()) {
                checkoutDirectory(t, relink, force, c, pending);
            } else {
                placeWhenReady(pending, t.out().id(), () -> {
                    checkoutFile(t.path(), t.key(), t.out().id(), t.out().isExec(), relink, force, c);
                    // a killed checkout's temporary copy beside the file (inside directories the walk removes them)
                    AtomicFiles.removeStaleTemps(t.path());
                });
            }
        }
    }

    private static Result result(Counters c) {
        List<String> conflicts = new ArrayList<>(c.conflicts);
        List<String> missing = new ArrayList<>(c.missing);
        List<Damaged> corrupt = new ArrayList<>(c.corrupt);
        Collections.sort(conflicts);
        Collections.sort(missing);
        corrupt.sort(java.util.Comparator.comparing(Damaged::path));
        return new Result(c.restored.get(), c.deleted.get(), c.unchanged.get(), conflicts, missing, corrupt);
    }

    private static final class Counters {
        final AtomicInteger restored = new AtomicInteger();
        final AtomicInteger deleted = new AtomicInteger();
        final AtomicInteger unchanged = new AtomicInteger();
        final Set<String> conflicts = ConcurrentHashMap.newKeySet();
        final Set<String> missing = ConcurrentHashMap.newKeySet();
        final Set<Damaged> corrupt = ConcurrentHashMap.newKeySet();
    }

    private void checkoutFile(Path path, String key, ObjectId id, boolean exec, boolean relink, boolean force, Counters c) {
        FileStat stat = statOrNull(path);
        if (stat != null && stat.isDirectory()) {
            if (!force && !removableTree(path)) {
                c.conflicts.add(key);
                return;
            }
            AtomicFiles.deleteTree(path);
            stat = null;
        }
        if (stat != null) {
            ObjectId current = index.identify(new WorkspaceFile(key, path, stat), key, index.hashing());
            if (current.equals(id)) {
                if (relink || exec != stat.isExecutable()) {
                    restore(path, key, id, exec, false, c);
                } else {
                    c.unchanged.incrementAndGet();
                }
                return;
            }
            if (!force && !cache.contains(current)) {
                c.conflicts.add(key);
                return;
            }
        }
        restore(path, key, id, exec, stat == null, c);
    }

    private void restore(Path path, String key, ObjectId id, boolean exec, boolean absent, Counters c) {
        ensureParent(path);
        switch (cache.checkout(id, path, exec, absent)) {
            case MISSING -> {
                c.missing.add(key);
                return;
            }
            case CORRUPT -> {
                c.corrupt.add(new Damaged(key, id, cache.pathOf(id)));
                return;
            }
            case PLACED -> {
                // recorded below
            }
        }
        try {
            index.hashCache().put(key, FileStat.of(path, true), id);
        } catch (IOException e) {
            throw IoErrors.failure("read", path, e);
        }
        c.restored.incrementAndGet();
    }

    private void checkoutDirectory(TrackedOutput t, boolean relink, boolean force, Counters c, Pending pending) {
        LocalCache.TreeRead read = cache.readTreeChecked(t.out().id());
        if (read.integrity() == LocalCache.Integrity.CORRUPT) {
            c.corrupt.add(new Damaged(t.key(), t.out().id(), cache.pathOf(t.out().id())));
            return;
        }
        Tree tree = read.tree();
        if (tree == null) {
            c.missing.add(t.key() + " (" + t.out().id() + ")");
            return;
        }
        Path dir = t.path();
        FileStat top = statOrNull(dir);
        if (top != null && !top.isDirectory()) {
            ObjectId current = index.identify(new WorkspaceFile(t.key(), dir, top), t.key(), index.hashing());
            if (!force && !cache.contains(current)) {
                c.conflicts.add(t.key());
                return;
            }
            delete(dir);
        }
        Map<String, WorkspaceFile> present = new HashMap<>();
        for (WorkspaceFile f : index.walkDirectory(dir)) {
            present.put(f.relpath(), f);
        }
        // workspace files the tree does not hold: removed when their content is safe in the cache
        List<WorkspaceFile> extra = new ArrayList<>();
        for (WorkspaceFile f : present.values()) {
            if (tree.get(f.relpath()) == null) {
                extra.add(f);
            }
        }
        index.workers().forEach(extra, f -> {
            String key = t.key() + "/" + f.relpath();
            ObjectId current = index.identify(f, key, index.hashing());
            if (force || cache.contains(current)) {
                delete(f.path());
                pruneEmptyParents(f.path().getParent(), dir);
                c.deleted.incrementAndGet();
            } else {
                c.conflicts.add(key);
            }
        });
        // Relpaths are plain relative paths (the tree parser refuses others); what remains is a
        // symlinked directory on the way out, checked once per directory.
        java.util.Set<String> parents = new java.util.HashSet<>();
        for (TreeEntry e : tree.entries()) {
            int slash = e.relpath().lastIndexOf('/');
            parents.add(slash < 0 ? "" : e.relpath().substring(0, slash));
        }
        for (String parent : parents) {
            SafePaths.checkNoSymlinkEscape(session.repo().root(), dir.resolve(parent),
                    t.key() + "/" + parent, "tree " + t.out().id());
        }
        index.workers().forEach(tree.entries(), e -> placeWhenReady(pending, e.id(), () -> {
            Path p = dir.resolve(e.relpath());
            String key = t.key() + "/" + e.relpath();
            WorkspaceFile f = present.get(e.relpath());
            if (f == null) {
                try {
                    restore(p, key, e.id(), false, true, c); // the walk saw no file here
                } catch (CairnException notAFile) {
                    checkoutFile(p, key, e.id(), false, relink, force, c); // e.g. a directory in the way
                }
                return;
            }
            ObjectId current = index.identify(f, key, index.hashing());
            if (current.equals(e.id())) {
                if (relink) {
                    restore(p, key, e.id(), false, false, c);
                } else {
                    c.unchanged.incrementAndGet();
                }
            } else if (force || cache.contains(current)) {
                restore(p, key, e.id(), false, false, c);
            } else {
                c.conflicts.add(key);
            }
        }));
        if (tree.size() == 0) {
            ensureParent(dir.resolve("x"));
        }
    }

    private static FileStat statOrNull(Path path) {
        try {
            return FileStat.of(path, true);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw IoErrors.failure("read", path, e);
        }
    }

    /** Whether every file under {@code dir} is safe in the cache. */
    private boolean removableTree(Path dir) {
        for (WorkspaceFile f : index.walkDirectory(dir)) {
            if (!cache.contains(index.identify(f, session.repo().relative(f.path()), index.hashing()))) {
                return false;
            }
        }
        return true;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw IoErrors.failure("delete", p, e);
        }
    }


    private static void pruneEmptyParents(Path dir, Path stop) {
        for (Path d = dir; d != null && d.startsWith(stop) && !d.equals(stop); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return; // another worker may have removed it, or it holds ignored files
            }
        }
    }

    private void ensureParent(Path path) {
        Path parent = path.getParent();
        if (parent == null || knownDirs.contains(parent)) {
            return;
        }
        if (!Files.isDirectory(parent)) {
            FileStat st = statOrNull(parent);
            if (st != null) {
                throw CairnException.failed("cannot check out " + path + ": " + parent + " is a file");
            }
            dev.cairn.util.AtomicFiles.createDirectories(parent);
        }
        knownDirs.add(parent);
    }
}
