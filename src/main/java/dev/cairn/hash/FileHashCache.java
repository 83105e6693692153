package dev.cairn.hash;

import dev.cairn.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A hash cache kept in one binary file (under {@code .cairn/tmp}), loaded on first use and
 * rewritten atomically when it changed. A damaged file is treated as empty: it is only a cache.
 * Files modified in the last moments are not remembered, since a write within the same
 * timestamp tick would go unnoticed ("racy" stat data, as Git calls it).
 */
public final class FileHashCache implements HashCache {

    private static final int MAGIC = 0x43484331; // "CHC1"
    private static final long RACY_WINDOW_NANOS = 100_000_000L;

    private record Entry(long inode, long mtimeNanos, long size, byte[] digest) {
    }

    private final Path file;
    private final HashAlgorithm algorithm;
    private final LongSupplier nowNanos;
    private volatile Map<String, Entry> entries;
    private java.util.concurrent.FutureTask<Map<String, Entry>> loading;
    private volatile boolean dirty;

    public FileHashCache(Path file, HashAlgorithm algorithm, LongSupplier nowNanos) {
        this.file = file;
        this.algorithm = algorithm;
        this.nowNanos = nowNanos;
    }

    /** Starts reading the file in the background, so it overlaps with walking the workspace. */
    public FileHashCache preload() {
        synchronized (this) {
            if (entries == null && loading == null) {
                loading = new java.util.concurrent.FutureTask<>(this::load);
                Thread.ofPlatform().daemon().name("hash-cache-load").start(loading);
            }
        }
        return this;
    }

    private Map<String, Entry> entries() {
        Map<String, Entry> loaded = entries;
        return loaded != null ? loaded : awaitEntries();
    }

    private synchronized Map<String, Entry> awaitEntries() {
        if (entries == null) {
            if (loading != null) {
                try {
                    entries = loading.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    entries = new ConcurrentHashMap<>();
                } catch (java.util.concurrent.ExecutionException e) {
                    entries = new ConcurrentHashMap<>(); // unreadable: it is only a cache
                }
            } else {
                entries = load();
            }
        }
        return entries;
    }

    @Override
    public ObjectId get(String key, FileStat stat) {
        Entry e = entries().get(key);
        if (e == null || e.inode != stat.inode() || e.size != stat.size() || e.mtimeNanos != stat.mtimeNanos()) {
            return null;
        }
        return ObjectId.ofDigest(algorithm, e.digest, false);
    }

    @Override
    public void put(String key, FileStat stat, ObjectId id) {
        if (nowNanos.getAsLong() - stat.mtimeNanos() < RACY_WINDOW_NANOS) {
            return;
        }
        Entry e = new Entry(stat.inode(), stat.mtimeNanos(), stat.size(), id.digestBytes());
        Entry old = entries().put(key, e);
        if (old == null || old.inode != e.inode || old.mtimeNanos != e.mtimeNanos || old.size != e.size) {
            dirty = true;
        }
    }

    @Override
    public synchronized void save() {
        if (!dirty || entries == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 80 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(entries.size());
            for (Map.Entry<String, Entry> me : entries.entrySet()) {
                Entry e = me.getValue();
                out.writeUTF(me.getKey());
                out.writeLong(e.inode);
                out.writeLong(e.mtimeNanos);
                out.writeLong(e.size);
                out.write(e.digest);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory stream
        }
        AtomicFiles.createDirectories(file.getParent());
        AtomicFiles.write(file, bytes.toByteArray(), null);
        dirty = false;
    }

    private Map<String, Entry> load() {
        Map<String, Entry> map = new ConcurrentHashMap<>();
        int digestLength = algorithm.hexLength() / 2;
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                return map;
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                long inode = in.readLong();
                long mtime = in.readLong();
                long size = in.readLong();
                byte[] digest = new byte[digestLength];
                in.readFully(digest);
                map.put(key, new Entry(inode, mtime, size, digest));
            }
        } catch (NoSuchFileException e) {
            return map;
        } catch (EOFException e) {
            return new ConcurrentHashMap<>(); // truncated: start over
        } catch (IOException e) {
            return new ConcurrentHashMap<>();
        }
        return map;
    }
}
