package dev.cairn.app;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.LocalCache;
import dev.cairn.odb.TreeBytes;
import dev.cairn.odb.ObjectStore;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.CairnException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cairn fsck}: hashes every object of the cache again, parses its trees, finds the objects
 * that the workspace or a tree refers to but the cache lacks; optionally checks a remote (by
 * listing, and by the checksums the store reports where it reports them) and repairs the cache
 * from a remote, moving damaged objects aside, never deleting them.
 */
public final class FsckService {

    /** A cache object whose bytes do not hash to its id. */
    public record Corrupt(ObjectId id, Path file, String usedBy) {
    }

    /** An object that something refers to ({@code usedBy}: a workspace path, or a tree) but that is absent. */
    public record Missing(ObjectId id, String usedBy) {
    }

    /** A tree object whose bytes match its id but are not a valid tree. */
    public record BadTree(ObjectId id, String problem) {
    }

    /**
     * What a remote holds of the referenced objects.
     *
     * @param checksummed how many of its objects came with a checksum that was compared (0: presence only)
     * @param mismatched  objects whose reported checksum is not their id
     */
    public record RemoteReport(String where, int objects, int checksummed, List<Missing> missing, List<ObjectId> mismatched) {
        public boolean clean() {
            return missing.isEmpty() && mismatched.isEmpty();
        }
    }

    /** An object that could not be restored, and why. */
    public record Unrepaired(ObjectId id, String usedBy, String reason) {
    }

    /**
     * What {@code --repair} did.
     *
     * @param movedAside where each damaged object went
     */
    public record Repair(String from, Map<ObjectId, Path> movedAside, List<ObjectId> repaired, List<Unrepaired> unrepaired) {
    }

    /**
     * @param objects how many objects the cache holds; {@code bytes} their size
     * @param remote  null unless a remote was checked; {@code repair} null unless asked for
     */
    public record Result(int objects, long bytes, List<Corrupt> corrupt, List<Missing> missing, List<BadTree> badTrees,
                         RemoteReport remote, Repair repair) {

        /** Whether everything is in order now (after any repair). */
        public boolean clean() {
            boolean local = repair != null ? repair.unrepaired().isEmpty() : corrupt.isEmpty() && missing.isEmpty();
            return local && badTrees.isEmpty() && (remote == null || remote.clean());
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);

    private final Session session;
    private final LocalCache cache;

    public FsckService(Session session) {
        this.session = session;
        this.cache = session.cache();
    }

    /**
     * Checks the cache, and {@code remote} when {@code checkRemote}; with {@code repair}, damaged
     * objects are moved aside and they and the missing ones are fetched from {@code remote}.
     */
    public Result run(ObjectStore remote, boolean checkRemote, boolean repair) {
        if ((checkRemote || repair) && remote == null) {
            throw new IllegalArgumentException("a remote is needed to check or repair from");
        }
        List<ObjectId> ids = cache.listAll(session.workers());
        ids.sort(null);
        Set<ObjectId> present = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<ObjectId> corruptIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<BadTree> badTrees = new ConcurrentLinkedQueue<>();
        Map<ObjectId, Tree> trees = new ConcurrentHashMap<>();
        AtomicLong bytes = new AtomicLong();
        session.workers().forEach(ids, id -> {
            LocalCache.Integrity integrity;
            if (id.isDir()) {
                try {
                    LocalCache.TreeRead read = cache.readTreeChecked(id); // hashed and parsed in one read
                    integrity = read.integrity();
                    if (read.tree() != null) {
                        trees.put(id, read.tree());
                    }
                } catch (CairnException e) {
                    integrity = LocalCache.Integrity.INTACT; // its bytes match, they do not parse
                    badTrees.add(new BadTree(id, e.getMessage()));
                }
            } else {
                integrity = cache.rehash(id);
            }
            switch (integrity) {
                case MISSING -> {
                    // removed meanwhile (by gc): nothing to check
                }
                case CORRUPT -> {
                    present.add(id);
                    corruptIds.add(id);
                }
                case INTACT -> {
                    present.add(id);
                    bytes.addAndGet(Math.max(0, cache.size(id)));
                }
            }
        });

        // what refers to what: workspace outputs first, then the files of their trees, then other trees
        Map<ObjectId, String> usedBy = new LinkedHashMap<>();
        Map<ObjectId, String> owners = new HashMap<>();
        for (RevisionOutputs.Recorded r : RevisionOutputs.workspace(session, List.of(), false)) {
            usedBy.putIfAbsent(r.id(), r.path());
            if (r.id().isDir()) {
                owners.putIfAbsent(r.id(), r.path());
            }
        }
        if (checkRemote) {
            // trees the workspace uses that only the remote holds: read there, in memory, to know their files
            for (ObjectId treeId : owners.keySet()) {
                if (!trees.containsKey(treeId)) {
                    Tree t = readRemoteTree(remote, treeId, badTrees);
                    if (t != null) {
                        trees.put(treeId, t);
                    }
                }
            }
        }
        List<ObjectId> treeOrder = new ArrayList<>(trees.keySet());
        treeOrder.sort(Comparator.comparing((ObjectId id) -> !owners.containsKey(id)).thenComparing(Comparator.naturalOrder()));
        for (ObjectId treeId : treeOrder) {
            String owner = owners.get(treeId);
            for (TreeEntry e : trees.get(treeId).entries()) {
                usedBy.putIfAbsent(e.id(), owner != null ? owner + "/" + e.relpath() : "tree " + treeId.value());
            }
        }

        List<Corrupt> corrupt = new ArrayList<>();
        for (ObjectId id : corruptIds) {
            corrupt.add(new Corrupt(id, cache.pathOf(id), usedBy.getOrDefault(id, "nothing in the workspace")));
        }
        corrupt.sort(Comparator.comparing(Corrupt::id));
        List<Missing> missing = new ArrayList<>();
        usedBy.forEach((id, by) -> {
            if (!present.contains(id)) {
                missing.add(new Missing(id, by));
            }
        });
        List<BadTree> bad = new ArrayList<>(badTrees);
        bad.sort(Comparator.comparing(BadTree::id));

        RemoteReport remoteReport = checkRemote ? checkRemote(remote, usedBy) : null;
        Repair repaired = repair ? repair(remote, corrupt, missing, usedBy) : null;
        return new Result(present.size(), bytes.get(), corrupt, missing, bad, remoteReport, repaired);
    }

    /** A tree read from a remote and verified, or null when it is absent there, damaged or invalid (then noted in {@code bad}). */
    private Tree readRemoteTree(ObjectStore remote, ObjectId id, java.util.Collection<BadTree> bad) {
        TreeBytes.Read read = TreeBytes.read(remote, id, cache.hasher());
        if (read.bytes() == null) {
            return null; // missing or damaged: reported by the checksum comparison or by a fetch
        }
        try {
            return TreeCodec.decode(read.bytes(), cache.algorithm(), "tree " + id + " on " + remote.describe());
        } catch (CairnException e) {
            bad.add(new BadTree(id, e.getMessage()));
            return null;
        }
    }

    private RemoteReport checkRemote(ObjectStore remote, Map<ObjectId, String> usedBy) {
        Map<String, String> inventory = remote.objectChecksums(session.workers());
        int checksummed = 0;
        List<ObjectId> mismatched = new ArrayList<>();
        for (Map.Entry<String, String> e : inventory.entrySet()) {
            ObjectId id = ObjectId.parse(cache.algorithm(), e.getKey());
            if (id == null || e.getValue() == null) {
                continue;
            }
            checksummed++;
            if (!e.getValue().equals(id.hex())) {
                mismatched.add(id);
            }
        }
        mismatched.sort(null);
        List<Missing> missing = new ArrayList<>();
        usedBy.forEach((id, by) -> {
            if (!inventory.containsKey(id.value())) {
                missing.add(new Missing(id, by));
            }
        });
        return new RemoteReport(remote.describe(), inventory.size(), checksummed, missing, mismatched);
    }

    private Repair repair(ObjectStore remote, List<Corrupt> corrupt, List<Missing> missing, Map<ObjectId, String> usedBy) {
        String stamp = STAMP.format(session.context().clock().instant());
        Map<ObjectId, Path> movedAside = new LinkedHashMap<>();
        for (Corrupt c : corrupt) {
            movedAside.put(c.id(), cache.moveAside(c.id(), stamp));
        }
        Set<ObjectId> wanted = new HashSet<>(movedAside.keySet());
        for (Missing m : missing) {
            wanted.add(m.id());
        }
        Transfer transfer = new Transfer(session.workers());
        Set<ObjectId> done = new HashSet<>();
        List<Unrepaired> unrepaired = new ArrayList<>();
        Map<ObjectId, String> referrers = new HashMap<>(usedBy);
        while (!wanted.isEmpty()) {
            Transfer.Result r = transfer.copy("Repairing", wanted, remote, cache);
            Set<ObjectId> failed = new HashSet<>();
            for (ObjectId id : r.missing()) {
                failed.add(id);
                unrepaired.add(new Unrepaired(id, referrers.get(id), "not on " + remote.describe()));
            }
            for (ObjectId id : r.corrupt()) {
                failed.add(id);
                unrepaired.add(new Unrepaired(id, referrers.get(id), "damaged on " + remote.describe() + " too"));
            }
            Set<ObjectId> next = new HashSet<>();
            for (ObjectId id : wanted) {
                if (failed.contains(id)) {
                    continue;
                }
                done.add(id);
                if (id.isDir()) {
                    // a tree that was missing may name files the cache lacks as well
                    Tree tree = cache.readTree(id);
                    for (TreeEntry e : tree == null ? List.<TreeEntry>of() : tree.entries()) {
                        if (!cache.contains(e.id()) && !done.contains(e.id())) {
                            referrers.putIfAbsent(e.id(), referrers.get(id) + "/" + e.relpath());
                            next.add(e.id());
                        }
                    }
                }
            }
            wanted = next;
        }
        List<ObjectId> repaired = new ArrayList<>(done);
        repaired.sort(null);
        unrepaired.sort(Comparator.comparing(Unrepaired::id));
        return new Repair(remote.describe(), movedAside, repaired, unrepaired);
    }
}
