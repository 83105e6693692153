package dev.cairn.app;

import dev.cairn.hash.Fingerprint;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.workspace.Snapshot;
import dev.cairn.workspace.WorkspaceIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.cairn.transfer.Transfer;

/** {@code cairn status}: how the workspace and the cache differ from what the manifests record. */
public final class StatusService {

    /** The state of one tracked output. */
    public enum State {
        /** The workspace path is gone. */
        DELETED,
        /** The workspace holds other content than recorded. */
        MODIFIED,
        /** The manifest entry has no hash yet (written by hand or by another tool). */
        NOT_COMMITTED,
        /** The workspace matches, but the cache lacks objects (run pull). */
        NOT_IN_CACHE
    }

    /** One file inside a changed directory. */
    public record FileChange(String relpath, String change) {
    }

    /** A changed output, with file-level changes for directories when the recorded tree is known. */
    public record Change(String manifest, String path, State state, List<FileChange> files) {
    }

    private final Session session;
    private final LocalCache cache;
    private final WorkspaceIndex index;
    /** The cache's stamp, taken once per run before any presence check: a deletion after it changes the stamp. */
    private Fingerprint stamp;
    private boolean stamped;

    public StatusService(Session session) {
        this.session = session;
        this.cache = session.cache();
        this.index = session.index();
    }

    public List<Change> status(List<Path> targets) {
        List<Change> changes = new ArrayList<>();
        for (TrackedOutput t : session.manifests().resolveTargets(targets)) {
            if (session.pipelines().isLocked(t)) {
                continue; // reported with its stage
            }
            Change c = statusOf(t);
            if (c != null) {
                changes.add(c);
            }
        }
        return changes;
    }

    private Change statusOf(TrackedOutput t) {
        String manifest = session.repo().relative(t.manifest().file());
        String shown = session.repo().relative(t.path());
        ObjectId recorded = t.out().id();
        RecordedTree recordedTree = new RecordedTree(recorded);
        Snapshot snap = index.snapshot(t.path(), t.key(), index.detectingChanges(t.key(), recordedTree));
        if (snap.kind() == Snapshot.Kind.MISSING) {
            return new Change(manifest, shown, State.DELETED, List.of());
        }
        if (recorded == null) {
            return new Change(manifest, shown, State.NOT_COMMITTED, List.of());
        }
        if (!snap.id().equals(recorded)) {
            return new Change(manifest, shown, State.MODIFIED, recorded.isDir() && snap.tree() != null
                    ? fileChanges(recordedTree.tree(), snap.tree()) : List.of());
        }
        if (t.out().cached() && !inCache(t.key(), recorded, snap)) {
            return new Change(manifest, shown, State.NOT_IN_CACHE, List.of());
        }
        return null;
    }

    /** An output's recorded id, and its tree read from the cache when first needed (null for a file or when missing). */
    private final class RecordedTree implements WorkspaceIndex.Recorded {
        private final ObjectId id;
        private LocalCache.TreeRead read;

        RecordedTree(ObjectId id) {
            this.id = id;
        }

        @Override
        public ObjectId id() {
            return id;
        }

        private synchronized LocalCache.TreeRead read() {
            if (read == null) {
                read = id != null && id.isDir() ? cache.readTreeChecked(id)
                        : new LocalCache.TreeRead(LocalCache.Integrity.MISSING, null, false);
            }
            return read;
        }

        /** The tree; a damaged tree object fails the command, as any read of it does. */
        @Override
        public Tree tree() {
            return cache.intactTree(id, read());
        }

        /** False for a damaged object too: the directory is then hashed, and only a change reads its tree. */
        @Override
        public boolean canonical() {
            return read().canonical();
        }
    }

    /** Whether the cache holds the object and, for a directory, every object of its tree. */
    private boolean inCache(String key, ObjectId id, Snapshot snap) {
        if (!cache.contains(id)) {
            return false;
        }
        if (!id.isDir()) {
            return true;
        }
        Fingerprint stamp = cacheStamp();
        if (stamp != null && index.memo().isComplete(key, id, stamp)) {
            return true;
        }
        // the transfer's own check: one listing for many objects, one stat each for a few
        java.util.Set<ObjectId> ids = new java.util.HashSet<>();
        snap.tree().entries().forEach(e -> ids.add(e.id()));
        boolean complete = new Transfer(index.workers()).present(ids, cache).size() == ids.size();
        if (complete && stamp != null) {
            index.memo().markComplete(key, id, stamp);
        }
        return complete;
    }

    private Fingerprint cacheStamp() {
        if (!stamped) {
            stamp = cache.stamp(session.nowNanos());
            stamped = true;
        }
        return stamp;
    }

    /** File-level changes: one merge of the two trees, which are both in code-point order. */
    private List<FileChange> fileChanges(Tree recorded, Tree now) {
        if (recorded == null) {
            return List.of();
        }
        List<TreeEntry> a = recorded.entries();
        List<TreeEntry> b = now.entries();
        List<FileChange> files = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            int order = i == a.size() ? 1 : j == b.size() ? -1
                    : Tree.CODE_POINT_ORDER.compare(a.get(i).relpath(), b.get(j).relpath());
            if (order < 0) {
                files.add(new FileChange(a.get(i++).relpath(), "deleted"));
            } else if (order > 0) {
                files.add(new FileChange(b.get(j++).relpath(), "new"));
            } else {
                if (!a.get(i).id().equals(b.get(j).id())) {
                    files.add(new FileChange(b.get(j).relpath(), "modified"));
                }
                i++;
                j++;
            }
        }
        return files;
    }
}
