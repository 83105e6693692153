package dev.cairn.hash;

import dev.cairn.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A hash cache kept in one binary file (under {@code .cairn/tmp}), loaded on first use and
 * rewritten atomically when it changed. A damaged file is treated as empty: it is only a cache.
 * Files modified in the last moments are not remembered ({@link FileStat#isRacyAt}).
 */
public final class FileHashCache implements HashCache {

    private static final int MAGIC = 0x43484333; // "CHC3"

    private record Entry(long inode, long mtimeNanos, long size, ObjectId id) {
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
    @Override
    public void preload() {
        synchronized (this) {
            if (entries == null && loading == null) {
                loading = new java.util.concurrent.FutureTask<>(this::load);
                Thread.ofPlatform().daemon().name("hash-cache-load").start(loading);
            }
        }
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
        return e.id;
    }

    @Override
    public ObjectId formerIdIfResized(String key, FileStat stat) {
        Entry e = entries().get(key);
        return e != null && e.size != stat.size() ? e.id : null;
    }

    @Override
    public void put(String key, FileStat stat, ObjectId id) {
        if (stat.isRacyAt(nowNanos.getAsLong())) {
            return;
        }
        recordFresh(key, stat, id);
    }

    @Override
    public void recordFresh(String key, FileStat stat, ObjectId id) {
        Entry e = new Entry(stat.inode(), stat.mtimeNanos(), stat.size(), id);
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
        int digestLength = algorithm.hexLength() / 2;
        ByteBuffer out = ByteBuffer.allocate(8 + entries.size() * (64 + digestLength));
        out.putInt(MAGIC).putInt(entries.size());
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            byte[] key = me.getKey().getBytes(StandardCharsets.UTF_8);
            if (out.remaining() < 4 + key.length + 24 + digestLength) {
                ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2 + key.length + 64);
                out.flip();
                out = bigger.put(out);
            }
            out.putInt(key.length).put(key).putLong(e.inode).putLong(e.mtimeNanos).putLong(e.size).put(e.id.digestBytes());
        }
        AtomicFiles.createDirectories(file.getParent());
        AtomicFiles.write(file, java.util.Arrays.copyOf(out.array(), out.position()), null);
        dirty = false;
    }

    private Map<String, Entry> load() {
        int digestLength = algorithm.hexLength() / 2;
        try {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            if (in.remaining() < 8 || in.getInt() != MAGIC) {
                return new ConcurrentHashMap<>();
            }
            int count = in.getInt();
            Map<String, Entry> map = new ConcurrentHashMap<>(Math.max(16, count + count / 2));
            for (int i = 0; i < count; i++) {
                int keyLength = in.getInt();
                String key = new String(in.array(), in.position(), keyLength, StandardCharsets.UTF_8);
                in.position(in.position() + keyLength);
                long inode = in.getLong();
                long mtime = in.getLong();
                long size = in.getLong();
                byte[] digest = new byte[digestLength];
                in.get(digest);
                map.put(key, new Entry(inode, mtime, size, ObjectId.ofDigest(algorithm, digest, false)));
            }
            return map;
        } catch (NoSuchFileException e) {
            return new ConcurrentHashMap<>();
        } catch (IOException | RuntimeException e) {
            return new ConcurrentHashMap<>(); // damaged or truncated: start over, it is only a cache
        }
    }
}
