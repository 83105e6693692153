package dev.cairn.app;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.odb.ObjectStore;
import dev.cairn.odb.TreeBytes;
import dev.cairn.progress.Progress;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.Workers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code push}, {@code fetch} and {@code status -c}: the objects of outputs between cache and a remote. */
public final class SyncService implements AutoCloseable {

    /** What a push or fetch did; {@code missingTrees} are directories whose tree is nowhere to be read. */
    public record Outcome(Transfer.Result result, List<String> missingTrees) {
    }

    /** Where one output's objects are: counts of those only local, only remote, in both, in neither. */
    public record CloudState(String path, int localOnly, int remoteOnly, int both, int neither) {
        public boolean inSync() {
            return localOnly == 0 && remoteOnly == 0 && neither == 0;
        }
    }

    private final Session session;
    private final LocalCache cache;
    private final Workers pool;
    private final Transfer transfer;

    /**
     * @param jobs     parallel transfers (see {@link RemoteService#jobs})
     * @param progress hears of every object copied
     */
    public SyncService(Session session, int jobs, Progress progress) {
        this.session = session;
        this.cache = session.cache();
        this.pool = new Workers(jobs);
        this.transfer = new Transfer(pool, progress);
    }

    @Override
    public void close() {
        pool.close();
    }

    public Outcome push(List<RevisionOutputs.Recorded> outputs, ObjectStore remote) {
        List<String> missingTrees = new ArrayList<>();
        Set<ObjectId> ids = new LinkedHashSet<>();
        for (RevisionOutputs.Recorded t : outputs) {
            ids.addAll(objectsOf(t, null, missingTrees));
        }
        return new Outcome(transfer.copy("Pushing", ids, cache, remote), missingTrees);
    }

    public Outcome fetch(List<RevisionOutputs.Recorded> outputs, ObjectStore remote) {
        List<String> missingTrees = new ArrayList<>();
        Set<ObjectId> ids = toFetch(outputs, remote, missingTrees);
        return new Outcome(transfer.copy("Fetching", ids, remote, cache), missingTrees);
    }

    /** What a pull did: its fetch, and its checkout. */
    public record Pulled(Outcome fetched, CheckoutService.Result checkout) {
    }

    /**
     * Fetch and checkout of {@code targets} at once: each file is placed as soon as its object is
     * in the cache, so writing the workspace overlaps the downloads still under way.
     */
    public Pulled pull(List<RevisionOutputs.Recorded> outputs, ObjectStore remote, List<Path> targets,
                       boolean force) {
        List<String> missingTrees = new ArrayList<>();
        Set<ObjectId> ids = toFetch(outputs, remote, missingTrees);
        CheckoutService.Pending checkout = new CheckoutService(session).checkoutAsArriving(targets, false, force, ids);
        Transfer.Result fetched = transfer.copy("Fetching", ids, remote, cache, checkout::arrived);
        return new Pulled(new Outcome(fetched, missingTrees), checkout.finish());
    }

    /** The objects of {@code outputs}, with trees missing from the cache fetched first. */
    private Set<ObjectId> toFetch(List<RevisionOutputs.Recorded> outputs, ObjectStore remote, List<String> missingTrees) {
        Set<ObjectId> ids = new LinkedHashSet<>();
        for (RevisionOutputs.Recorded t : outputs) {
            ids.addAll(objectsOf(t, remote, missingTrees));
        }
        return ids;
    }

    public List<CloudState> cloudStatus(List<RevisionOutputs.Recorded> outputs, ObjectStore remote) {
        Map<String, Set<ObjectId>> perOutput = new LinkedHashMap<>();
        Set<ObjectId> all = new LinkedHashSet<>();
        List<String> missingTrees = new ArrayList<>();
        for (RevisionOutputs.Recorded t : outputs) {
            Set<ObjectId> ids = objectsOf(t, null, missingTrees);
            perOutput.computeIfAbsent(t.path() + (t.revision().equals("workspace") ? "" : " (" + t.revision().substring(0, 8) + ")"),
                    k -> new LinkedHashSet<>()).addAll(ids);
            all.addAll(ids);
        }
        Set<ObjectId> local = transfer.present(all, cache);
        Set<ObjectId> remoteHas = transfer.present(all, remote);
        List<CloudState> states = new ArrayList<>();
        perOutput.forEach((path, ids) -> {
            int localOnly = 0;
            int remoteOnly = 0;
            int both = 0;
            int neither = 0;
            for (ObjectId id : ids) {
                boolean l = local.contains(id);
                boolean r = remoteHas.contains(id);
                if (l && r) {
                    both++;
                } else if (l) {
                    localOnly++;
                } else if (r) {
                    remoteOnly++;
                } else {
                    neither++;
                }
            }
            states.add(new CloudState(path, localOnly, remoteOnly, both, neither));
        });
        return states;
    }

    /**
     * Reads a tree from {@code source} into memory, checks its hash and parses it, and stores it
     * only then: a tree whose paths would leave its directory is refused (bad input) before
     * anything is written. Gives the tree, or why it was not stored (both null: the source lacks it).
     */
    private Fetched fetchTree(ObjectId id, ObjectStore source, String path) {
        TreeBytes.Read read = TreeBytes.read(source, id, cache.hasher());
        if (read.integrity() == LocalCache.Integrity.CORRUPT) {
            return new Fetched(null, "the copy on " + source.describe() + " does not match its hash");
        }
        if (read.bytes() == null) {
            return new Fetched(null, null);
        }
        Tree tree = TreeCodec.decode(read.bytes(), cache.algorithm(), "tree " + id + " of '" + path + "' from "
                + source.describe());
        cache.putBytes(id, read.bytes());
        return new Fetched(tree, null);
    }

    private record Fetched(Tree tree, String problem) {
    }

    /**
     * The object ids of an output: its own and, for a directory, its files'. A tree missing from
     * the cache is fetched first from {@code treeSource} when given.
     */
    private Set<ObjectId> objectsOf(RevisionOutputs.Recorded t, ObjectStore treeSource, List<String> missingTrees) {
        Set<ObjectId> ids = new LinkedHashSet<>();
        ObjectId id = t.id();
        ids.add(id);
        if (id.isDir()) {
            Fetched fetched = !cache.contains(id) && treeSource != null ? fetchTree(id, treeSource, t.path())
                    : new Fetched(null, null);
            String problem = fetched.problem();
            Tree tree = fetched.tree() != null ? fetched.tree() : cache.readTree(id);
            if (tree == null) {
                missingTrees.add(t.path() + " (" + id + (problem == null ? "" : ": " + problem) + ")");
            } else {
                for (TreeEntry e : tree.entries()) {
                    ids.add(e.id());
                }
            }
        }
        return ids;
    }
}
