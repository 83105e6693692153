package dev.cairn.workspace;

import dev.cairn.hash.Fingerprint;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;
import dev.cairn.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers, for each tracked directory, the tree id its files had when their stat data had a
 * given {@link Fingerprint}, and whether the cache held every object of that tree when the cache
 * had a given stamp. With both, {@code status} on an unchanged directory costs one stat per file:
 * no hash-cache lookups, no tree to build, encode and hash, no cache listing. Kept in one small
 * file under {@code .cairn/tmp}; a damaged file is treated as empty, since it is only a cache.
 */
public final class DirectoryMemo {

    private static final int MAGIC = 0x43444d31; // "CDM1"

    private record Entry(Fingerprint files, ObjectId id, Fingerprint completeAt) {
    }

    private final Path file;
    private final HashAlgorithm algorithm;
    private Map<String, Entry> entries;
    private boolean dirty;

    public DirectoryMemo(Path file, HashAlgorithm algorithm) {
        this.file = file;
        this.algorithm = algorithm;
    }

    /** Whether anything is remembered for the directory at {@code key}. */
    public synchronized boolean knows(String key) {
        return entries().containsKey(key);
    }

    /** The tree id remembered for these stat data, or null. */
    public synchronized ObjectId lookup(String key, Fingerprint files) {
        Entry e = entries().get(key);
        return e != null && e.files.equals(files) ? e.id : null;
    }

    public synchronized void record(String key, Fingerprint files, ObjectId id) {
        Entry old = entries().get(key);
        if (old != null && old.files.equals(files) && old.id.equals(id)) {
            return;
        }
        entries.put(key, new Entry(files, id, old != null && old.id.equals(id) ? old.completeAt : null));
        dirty = true;
    }

    /** Whether every object of tree {@code id} was found in a cache whose stamp was {@code stamp}. */
    public synchronized boolean isComplete(String key, ObjectId id, Fingerprint stamp) {
        Entry e = entries().get(key);
        return e != null && e.id.equals(id) && stamp.equals(e.completeAt);
    }

    public synchronized void markComplete(String key, ObjectId id, Fingerprint stamp) {
        Entry e = entries().get(key);
        if (e != null && e.id.equals(id) && !stamp.equals(e.completeAt)) {
            entries.put(key, new Entry(e.files, id, stamp));
            dirty = true;
        }
    }

    public synchronized void save() {
        if (!dirty) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(entries.size());
            for (Map.Entry<String, Entry> me : entries.entrySet()) {
                Entry e = me.getValue();
                byte[] key = me.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                writeFingerprint(out, e.files);
                out.write(e.id.digestBytes());
                out.writeBoolean(e.completeAt != null);
                if (e.completeAt != null) {
                    writeFingerprint(out, e.completeAt);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory: cannot happen
        }
        AtomicFiles.createDirectories(file.getParent());
        AtomicFiles.write(file, bytes.toByteArray(), null);
        dirty = false;
    }

    private Map<String, Entry> entries() {
        if (entries == null) {
            entries = load();
        }
        return entries;
    }

    private Map<String, Entry> load() {
        Map<String, Entry> map = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != MAGIC) {
                return map;
            }
            int count = in.readInt();
            byte[] digest = new byte[algorithm.hexLength() / 2];
            for (int i = 0; i < count; i++) {
                int keyLength = in.readInt();
                if (keyLength < 0 || keyLength > in.available()) {
                    return new HashMap<>();
                }
                byte[] key = new byte[keyLength];
                in.readFully(key);
                Fingerprint files = readFingerprint(in);
                in.readFully(digest);
                Fingerprint completeAt = in.readBoolean() ? readFingerprint(in) : null;
                map.put(new String(key, StandardCharsets.UTF_8),
                        new Entry(files, ObjectId.ofDigest(algorithm, digest, true), completeAt));
            }
            return map;
        } catch (NoSuchFileException e) {
            return map;
        } catch (IOException | RuntimeException e) {
            return new HashMap<>(); // damaged or truncated: start over
        }
    }

    private static void writeFingerprint(DataOutputStream out, Fingerprint f) throws IOException {
        out.writeLong(f.a());
        out.writeLong(f.b());
        out.writeLong(f.count());
    }

    private static Fingerprint readFingerprint(DataInputStream in) throws IOException {
        return new Fingerprint(in.readLong(), in.readLong(), in.readLong());
    }
}
