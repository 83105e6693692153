package dev.cairn.app;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.odb.ObjectStore;
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

    /** The objects that the outputs in {@code scope} use, their trees expanded from the cache. */
    public Set<ObjectId> used(RevisionScope scope) {
        if (scope.isEmpty()) {
            throw CairnException.badInput("gc needs a scope of what to keep: -w/--workspace, -a/--all-branches, "
                    + "-T/--all-tags, -A/--all-commits, --rev or --date"
                    + "\nhint: 'cairn gc -w' keeps the objects the current workspace's manifests use");
        }
        LocalCache cache = session.cache();
        Set<ObjectId> used = new HashSet<>();
        for (RevisionOutputs.Recorded t : RevisionOutputs.inScope(session, scope, List.of(), false)) {
            ObjectId id = t.id();
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
        return used;
    }

    /** What gc would delete from the local cache. */
    public Plan plan(Set<ObjectId> used) {
        LocalCache cache = session.cache();
        List<ObjectId> unused = new ArrayList<>();
        long bytes = 0;
        int kept = 0;
        for (ObjectId id : cache.listAll(session.workers())) {
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

    /** What gc would delete from a remote: its objects that nothing in scope uses (sizes are not listed). */
    public Plan planRemote(Set<ObjectId> used, ObjectStore remote) {
        List<ObjectId> unused = new ArrayList<>();
        int kept = 0;
        for (String value : remote.objectValues(session.workers())) {
            ObjectId id = ObjectId.parse(session.cache().algorithm(), value);
            if (id == null) {
                continue; // not an object of ours: leave it alone
            }
            if (used.contains(id)) {
                kept++;
            } else {
                unused.add(id);
            }
        }
        unused.sort(null);
        return new Plan(unused, -1, kept);
    }

    public void execute(Plan plan) {
        session.cache().removeStaleTemps();
        session.workers().forEach(plan.unused(), session.cache()::delete);
    }

    public void executeRemote(Plan plan, ObjectStore remote) {
        session.workers().forEach(plan.unused(), remote::delete);
    }
}
