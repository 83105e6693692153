package dev.cairn.app;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.util.CairnException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code cairn gc}: deletes cache objects that no manifest in scope references. */
public final class GcService {

    /** The objects that are (or would be) deleted, and what is kept. */
    public record Plan(List<ObjectId> unused, long bytes, int kept) {
    }

    private final Session session;

    public GcService(Session session) {
        this.session = session;
    }

    /** What {@code gc -w} would delete. */
    public Plan plan(boolean workspace) {
        if (!workspace) {
            throw CairnException.badInput("gc needs a scope of what to keep: -w/--workspace"
                    + "\nhint: 'cairn gc -w' keeps the objects the current workspace's manifests use");
        }
        LocalCache cache = session.cache();
        Set<ObjectId> used = new HashSet<>();
        for (TrackedOutput t : session.manifests().resolveTargets(List.of(), false)) {
            ObjectId id = t.out().id();
            if (id == null) {
                continue;
            }
            used.add(id);
            if (id.isDir()) {
                Tree tree = cache.readTree(id);
                if (tree != null) {
                    for (TreeEntry e : tree.entries()) {
                        used.add(e.id());
                    }
                }
            }
        }
        List<ObjectId> unused = new ArrayList<>();
        long bytes = 0;
        int kept = 0;
        for (ObjectId id : cache.listAll()) {
            if (used.contains(id)) {
                kept++;
            } else {
                unused.add(id);
                bytes += Math.max(0, cache.size(id));
            }
        }
        unused.sort(null);
        return new Plan(unused, bytes, kept);
    }

    public void execute(Plan plan) {
        session.cache().removeStaleTemps();
        session.workers().forEach(plan.unused(), session.cache()::delete);
    }
}
