package dev.cairn.app;

import dev.cairn.hash.FileHashCache;
import dev.cairn.hash.FileHasher;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.odb.LinkType;
import dev.cairn.odb.LocalCache;
import dev.cairn.repo.IniFile;
import dev.cairn.repo.Layout;
import dev.cairn.repo.RepoLock;
import dev.cairn.repo.Repository;
import dev.cairn.repo.RunContext;
import dev.cairn.util.Workers;
import dev.cairn.workspace.DirectoryMemo;
import dev.cairn.workspace.WorkspaceIndex;
import java.util.List;
import java.util.Map;

/**
 * Everything one command needs in an open repository, wired in one place (the composition root):
 * the repository, its cache with the configured link types, the hash cache (of workspace files and
 * of objects known to be intact) and the workers.
 * Closing it saves what the hash cache learnt and stops the workers.
 */
public final class Session implements AutoCloseable {

    private final RunContext context;
    private final Repository repo;
    private final Workers workers;
    private final FileHashCache hashCache;
    private final FileHashCache verifiedObjects;
    private final DirectoryMemo directoryMemo;
    private final java.util.function.LongSupplier nowNanos;
    private final Map<String, dev.cairn.hash.ObjectId> storedTrees = new java.util.LinkedHashMap<>();
    private final LocalCache cache;
    private final WorkspaceIndex index;
    private final Manifests manifests;
    private RepoLock lock;

    private Session(RunContext context, Repository repo) {
        this.context = context;
        this.repo = repo;
        this.workers = new Workers(context.jobs());
        FileHasher hasher = new FileHasher(HashAlgorithm.MD5);
        this.nowNanos = () -> context.clock().millis() * 1_000_000L;
        this.hashCache = new FileHashCache(repo.tmpDir().resolve("hashes"), HashAlgorithm.MD5, nowNanos);
        this.directoryMemo = new DirectoryMemo(repo.tmpDir().resolve("directories"), HashAlgorithm.MD5);
        IniFile.Value type = repo.config().get("cache", "type");
        List<LinkType> linkTypes = LinkType.parseList(type == null ? LinkType.DEFAULT : type.value(),
                type == null ? "cache.type" : type.origin());
        // loaded on first use only: commands that link or verify objects need it, status does not
        this.verifiedObjects = new FileHashCache(repo.tmpDir().resolve("verified-objects"), HashAlgorithm.MD5,
                nowNanos);
        this.cache = new LocalCache(repo.cacheDir(), hasher, linkTypes, verifiedObjects);
        this.index = new WorkspaceIndex(repo.root(), repo.layout().ignoreFile(), hasher, hashCache, directoryMemo,
                workers, () -> lock != null, nowNanos);
        this.manifests = new Manifests(repo, workers);
    }

    /** Opens the repository that holds the working directory. */
    public static Session open(RunContext context) {
        return new Session(context, Repository.discover(context.cwd(), Layout.CAIRN));
    }

    /** Takes the repository lock for a command that writes; released on close. */
    public Session lock() {
        if (lock == null) {
            lock = RepoLock.acquire(repo.tmpDir().resolve("lock"), context.commandLine());
        }
        return this;
    }

    /** The clock of this command in nanoseconds, as stat data give modification times. */
    public long nowNanos() {
        return nowNanos.getAsLong();
    }

    public RunContext context() {
        return context;
    }

    public Repository repo() {
        return repo;
    }

    public LocalCache cache() {
        return cache;
    }

    /** Starts reading the records of verified objects in the background, for a command about to check many objects. */
    public void preloadObjectRecords() {
        verifiedObjects.preload();
    }

    public WorkspaceIndex index() {
        return index;
    }

    public Workers workers() {
        return workers;
    }

    public Manifests manifests() {
        return manifests;
    }

    public Pipelines pipelines() {
        return manifests.pipelines();
    }

    /**
     * Notes that every object of the tree {@code id}, tracked at {@code key}, is now in the cache
     * (this command stored them), so that the next {@code status} need not check each one.
     */
    public synchronized void storedTree(String key, dev.cairn.hash.ObjectId id) {
        storedTrees.put(key, id);
    }

    /**
     * Records the trees stored by this command as complete under the cache's stamp. The stamp is
     * taken at the end, once: the cache's directories have just changed, so when they are still
     * too recent to stamp it waits a moment once, and otherwise leaves the check to status.
     */
    private void recordStoredTrees() {
        if (storedTrees.isEmpty()) {
            return;
        }
        dev.cairn.hash.Fingerprint stamp = cache.stamp(nowNanos());
        if (stamp == null) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            stamp = cache.stamp(nowNanos());
        }
        if (stamp != null) {
            for (var e : storedTrees.entrySet()) {
                directoryMemo.markComplete(e.getKey(), e.getValue(), stamp);
            }
        }
    }

    @Override
    public void close() {
        try {
            recordStoredTrees();
            hashCache.save();
            verifiedObjects.save();
            directoryMemo.save();
        } finally {
            workers.close();
            if (lock != null) {
                lock.close();
            }
        }
    }
}
