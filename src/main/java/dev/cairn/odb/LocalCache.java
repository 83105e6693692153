package dev.cairn.odb;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.FileStat;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.HashCache;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local content-addressed cache ({@code .cairn/cache}). Objects are read-only and immutable;
 * each is written under a temporary name beside its final one and renamed into place only once
 * its bytes are known to hash to its id. Workspace files are made from objects by the first
 * {@link LinkType} of {@code cache.type} that works on this file system.
 */
public final class LocalCache implements ObjectStore {

    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    private static final FileAttribute<Set<PosixFilePermission>> READ_ONLY_ATTR = PosixFilePermissions.asFileAttribute(READ_ONLY);
    private static final Set<PosixFilePermission> WORKSPACE_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> WORKSPACE_EXEC = PosixFilePermissions.fromString("rwxr-xr-x");
    /** File systems whose files Linux can clone (FICLONE), which {@link Files#copy} uses when it can. */
    private static final Set<String> REFLINK_FILE_SYSTEMS = Set.of("btrfs", "xfs", "bcachefs", "ocfs2", "zfs", "apfs");

    /** Whether an object's bytes still hash to its id, as far as a check could tell. */
    public enum Integrity { INTACT, CORRUPT, MISSING }

    /** What {@link #checkout} did: placed the file, or not, for want of an intact object. */
    public enum Placement { PLACED, MISSING, CORRUPT }

    private final Path root;
    private final FileHasher hasher;
    private final List<LinkType> preferred;
    /** Stat data of objects at the moment they were known to hold the right bytes, by cache-relative key. */
    private final HashCache verified;
    private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
    private volatile LinkType linkType;

    public LocalCache(Path root, FileHasher hasher, List<LinkType> preferred) {
        this(root, hasher, preferred, HashCache.NONE);
    }

    /**
     * @param verified where the stat data of objects known to be intact is kept: an object whose
     *                 stat still matches is trusted, any other is hashed again before it is used
     */
    public LocalCache(Path root, FileHasher hasher, List<LinkType> preferred, HashCache verified) {
        this.root = root;
        this.hasher = hasher;
        this.preferred = List.copyOf(preferred);
        this.verified = verified;
    }

    public Path root() {
        return root;
    }

    public HashAlgorithm algorithm() {
        return hasher.algorithm();
    }

    public FileHasher hasher() {
        return hasher;
    }

    public Path pathOf(ObjectId id) {
        return root.resolve(ObjectLayout.key(id));
    }

    @Override
    public boolean contains(ObjectId id) {
        return Files.exists(pathOf(id), LinkOption.NOFOLLOW_LINKS);
    }

    /** The link type in use: the first of {@code cache.type} that works between cache and {@code workspaceDir}. */
    public LinkType linkType(Path workspaceDir) {
        LinkType t = linkType;
        if (t == null) {
            t = probe(workspaceDir);
            linkType = t;
        }
        return t;
    }

    private LinkType probe(Path workspaceDir) {
        AtomicFiles.createDirectories(root);
        for (LinkType t : preferred) {
            if (t == LinkType.COPY) {
                return t;
            }
            if (t == LinkType.REFLINK) {
                if (supportsReflink()) {
                    return t;
                }
                continue;
            }
            Path source = root.resolve(".probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Path link = AtomicFiles.tempSibling(workspaceDir.resolve("probe"));
            try {
                Files.createDirectories(workspaceDir);
                Files.write(source, new byte[0]);
                if (t == LinkType.HARDLINK) {
                    Files.createLink(link, source);
                } else {
                    Files.createSymbolicLink(link, source);
                }
                return t;
            } catch (IOException | UnsupportedOperationException e) {
                // not supported here: try the next type
            } finally {
                AtomicFiles.deleteQuietly(link);
                AtomicFiles.deleteQuietly(source);
            }
        }
        throw CairnException.badInput("none of the cache types " + preferred + " works between " + root + " and "
                + workspaceDir + "; add 'copy' to cache.type");
    }

    private boolean supportsReflink() {
        try {
            return REFLINK_FILE_SYSTEMS.contains(Files.getFileStore(root).type());
        } catch (IOException e) {
            return false;
        }
    }

    private void ensureParent(Path object) throws IOException {
        Path dir = object.getParent();
        if (!knownDirs.contains(dir)) {
            Files.createDirectories(dir);
            knownDirs.add(dir);
        }
    }

    /**
     * Stores the workspace file {@code file} as an object and links the workspace file to it as the
     * link type says. {@code known} is its id when the hash cache knew it (else null);
     * {@code statBefore} the stat data that id belongs to. Returns the id of the bytes stored.
     */
    public ObjectId add(Path file, ObjectId known, FileStat statBefore) {
        LinkType chosen = linkType(file.getParent());
        // the exec bit belongs to the inode, and shared objects are read-only: executables stay copies
        LinkType type = chosen.sharesCacheBytes() && statBefore.isExecutable() ? LinkType.COPY : chosen;
        try {
            FileStat object = known == null ? null : statOrNull(pathOf(known));
            if (object != null) {
                // a workspace file already linked to its object has the object's identity
                if (!type.sharesCacheBytes() || object.sameAs(statBefore)) {
                    return known;
                }
                if (check(known) == Integrity.INTACT) {
                    link(known, file, type, statBefore.isExecutable(), false);
                    return known;
                }
                // the stored object was damaged: the workspace file replaces it below
            }
            return switch (type) {
                case COPY, REFLINK -> importCopy(file, type, statBefore.size());
                case HARDLINK -> importHardlink(file, known, statBefore);
                case SYMLINK -> {
                    ObjectId id = importCopy(file, LinkType.COPY, statBefore.size());
                    link(id, file, type, false, false);
                    yield id;
                }
            };
        } catch (IOException e) {
            throw IoErrors.failure("add to the cache", file, e);
        }
    }

    /**
     * Files up to this size are read whole and hashed first, so that they can be written beside
     * their final name: the rename then stays within one directory (a rename across directories
     * takes a lock of the whole file system on Linux) and no shared temporary directory is
     * contended by every worker. Larger files stream through a temporary file.
     */
    private static final int SMALL_OBJECT = 1 << 20;

    private ObjectId importSmall(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(SMALL_OBJECT + 1);
        }
        if (bytes.length > SMALL_OBJECT) {
            return null; // grew since it was stat-ed
        }
        ObjectId id = hasher.hash(bytes, false);
        Path temp = AtomicFiles.tempSibling(pathOf(id));
        ensureParent(temp);
        return storeThrough(temp, t -> {
            try (FileChannel ch = FileChannel.open(t, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), READ_ONLY_ATTR)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            }
            return id;
        });
    }

    /** Fills a temporary file and gives the id of what it wrote. */
    @FunctionalInterface
    private interface TempWriter {
        ObjectId write(Path temp) throws IOException;
    }

    /** Writes an object through {@code temp}, which then takes the object's name, or is deleted on any failure. */
    private ObjectId storeThrough(Path temp, TempWriter writer) throws IOException {
        boolean placed = false;
        try {
            ObjectId id = writer.write(temp);
            place(temp, id);
            placed = true;
            return id;
        } finally {
            if (!placed) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    /** Gives a fully written temporary file its object's name, and records it as intact. */
    private void place(Path temp, ObjectId id) throws IOException {
        Path target = pathOf(id);
        ensureParent(target);
        // an existing object holds the same bytes (or is damaged), so replacing it is harmless
        AtomicFiles.moveIntoPlace(temp, target);
        recordWritten(id, target);
    }

    private ObjectId importCopy(Path file, LinkType type, long size) throws IOException {
        if (type == LinkType.COPY && size <= SMALL_OBJECT) {
            ObjectId id = importSmall(file);
            if (id != null) {
                return id;
            }
        }
        Path temp = AtomicFiles.tempSibling(root.resolve("files").resolve("object"));
        ensureParent(temp);
        return storeThrough(temp, t -> {
            if (type == LinkType.REFLINK) {
                Files.copy(file, t); // clones on file systems that can
                Files.setPosixFilePermissions(t, READ_ONLY);
                return hasher.hash(t);
            }
            try (InputStream in = Files.newInputStream(file);
                 FileChannel ch = FileChannel.open(t, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), READ_ONLY_ATTR);
                 OutputStream out = Channels.newOutputStream(ch)) {
                return hasher.copyAndHash(in, out);
            }
        });
    }

    /**
     * With hardlinks the object is the workspace inode itself, so no temporary name protects it:
     * the file is made read-only first, then accepted only if its stat data still matches what
     * was hashed (else it is hashed again), and only then linked under its id.
     */
    private ObjectId importHardlink(Path file, ObjectId known, FileStat statBefore) throws IOException {
        ObjectId id = known != null ? known : hasher.hash(file);
        Files.setPosixFilePermissions(file, READ_ONLY);
        FileStat now = FileStat.of(file, false);
        if (!statBefore.sameAs(now)) {
            id = hasher.hash(file);
        }
        Path target = pathOf(id);
        ensureParent(target);
        try {
            Files.createLink(target, file);
            verified.put(recordKey(id), now, id);
        } catch (FileAlreadyExistsException e) {
            if (check(id) == Integrity.INTACT) {
                // the same bytes are stored already: share that inode instead
                link(id, file, LinkType.HARDLINK, false, false);
            } else {
                // the stored object was damaged: the workspace file takes its place
                Path temp = AtomicFiles.tempSibling(target);
                try {
                    Files.createLink(temp, file);
                    AtomicFiles.moveIntoPlace(temp, target);
                    temp = null;
                } finally {
                    if (temp != null) {
                        AtomicFiles.deleteQuietly(temp);
                    }
                }
                verified.put(recordKey(id), now, id);
            }
        }
        return id;
    }

    private static FileStat statOrNull(Path path) throws IOException {
        try {
            return FileStat.of(path, false);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public Blob open(ObjectId id) {
        Path path = pathOf(id);
        long size = size(id);
        if (size < 0) {
            return null;
        }
        return new Blob() {
            @Override
            public InputStream open() throws IOException {
                return new java.io.FileInputStream(path.toFile());
            }

            @Override
            public long size() {
                return size;
            }
        };
    }

    /** Stores bytes from outside (a fetch) after hashing them; nothing appears unless they match. */
    @Override
    public void put(ObjectId id, Blob blob) {
        Path target = pathOf(id);
        try {
            ensureParent(target);
            storeThrough(AtomicFiles.tempSibling(target), t -> {
                blob.writeVerified(t, id, hasher, READ_ONLY_ATTR);
                return id;
            });
        } catch (IOException e) {
            throw IoErrors.failure("write object", target, e);
        }
    }

    @Override
    public String describe() {
        return "the local cache " + root;
    }

    /** Stores bytes (a tree object) under their hash after checking they match {@code id}. */
    public void putBytes(ObjectId id, byte[] bytes) {
        ObjectId actual = hasher.hash(bytes, id.isDir());
        if (!actual.equals(id)) {
            throw new IllegalArgumentException("bytes hash to " + actual + ", not " + id);
        }
        Path target = pathOf(id);
        if (Files.exists(target)) {
            return;
        }
        try {
            ensureParent(target);
            AtomicFiles.write(target, bytes, READ_ONLY);
        } catch (IOException e) {
            throw IoErrors.failure("write object", target, e);
        }
    }

    /** Reads and verifies a tree object; null when it is not in the cache. */
    public Tree readTree(ObjectId id) {
        return intactTree(id, readTreeChecked(id));
    }

    /** The tree of {@code read} (null when missing); a damaged object fails the command. */
    public Tree intactTree(ObjectId id, TreeRead read) {
        if (read.integrity() == Integrity.CORRUPT) {
            throw CairnException.failed("cache object " + pathOf(id) + " is corrupt: its bytes do not match " + id
                    + "\nhint: 'cairn fsck --repair' moves it aside and fetches a good copy from a remote");
        }
        return read.tree();
    }

    /**
     * A tree object as read: its integrity, and the tree when intact, with whether its bytes were
     * in the canonical form (see {@link TreeCodec.Decoded}).
     */
    public record TreeRead(Integrity integrity, Tree tree, boolean canonical) {
    }

    /**
     * Reads a tree object once: missing, damaged (its bytes do not match its id), or intact and
     * parsed. A tree whose bytes match but do not parse is bad input and throws.
     */
    public TreeRead readTreeChecked(ObjectId id) {
        Path path = pathOf(id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new TreeRead(Integrity.MISSING, null, false);
        } catch (IOException e) {
            throw IoErrors.failure("read", path, e);
        }
        if (!hasher.hash(bytes, true).equals(id)) {
            return new TreeRead(Integrity.CORRUPT, null, false);
        }
        TreeCodec.Decoded decoded = TreeCodec.decodeWithForm(bytes, hasher.algorithm(), "tree object " + id);
        return new TreeRead(Integrity.INTACT, decoded.tree(), decoded.canonical());
    }

    /**
     * Makes {@code dest} hold the object's bytes, replacing whatever is there atomically. With a
     * shared link type the file is read-only; an executable file is always copied, since the exec
     * bit belongs to the shared inode. {@code destAbsent} says the caller saw nothing at
     * {@code dest}, which lets a link be made in place without a temporary name. The object is
     * checked first ({@link #check}); when it is missing or its bytes no longer match its id,
     * nothing is touched and the placement says so.
     */
    public Placement checkout(ObjectId id, Path dest, boolean executable, boolean destAbsent) {
        switch (check(id)) {
            case MISSING -> {
                return Placement.MISSING;
            }
            case CORRUPT -> {
                return Placement.CORRUPT;
            }
            case INTACT -> {
                // go on
            }
        }
        LinkType type = linkType(dest.getParent());
        try {
            link(id, dest, type.sharesCacheBytes() && executable ? LinkType.COPY : type, executable, destAbsent);
            return Placement.PLACED;
        } catch (NoSuchFileException e) {
            if (!contains(id)) {
                return Placement.MISSING;
            }
            throw IoErrors.failure("check out", dest, e);
        } catch (IOException e) {
            throw IoErrors.failure("check out", dest, e);
        }
    }

    private void link(ObjectId id, Path dest, LinkType type, boolean executable, boolean destAbsent) throws IOException {
        Path object = pathOf(id);
        if (destAbsent && type.sharesCacheBytes()) {
            try {
                createLink(type, dest, object); // link(2) and symlink(2) are atomic by themselves
                return;
            } catch (FileAlreadyExistsException e) {
                // appeared meanwhile: replace it below
            }
        }
        if (type == LinkType.HARDLINK && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(dest) && Files.isSameFile(dest, object)) {
            return;
        }
        Path temp = AtomicFiles.tempSibling(dest);
        boolean placed = false;
        try {
            switch (type) {
                case HARDLINK, SYMLINK -> createLink(type, temp, object);
                case REFLINK -> {
                    Files.copy(object, temp);
                    Files.setPosixFilePermissions(temp, executable ? WORKSPACE_EXEC : WORKSPACE_FILE);
                }
                case COPY -> {
                    try (FileChannel in = FileChannel.open(object);
                         FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        long size = in.size();
                        for (long done = 0; done < size; ) {
                            done += in.transferTo(done, size - done, out);
                        }
                    }
                    if (executable) {
                        Files.setPosixFilePermissions(temp, WORKSPACE_EXEC);
                    }
                }
            }
            AtomicFiles.moveIntoPlace(temp, dest);
            placed = true;
        } finally {
            if (!placed) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    private static void createLink(LinkType type, Path link, Path object) throws IOException {
        if (type == LinkType.HARDLINK) {
            Files.createLink(link, object);
        } else {
            Files.createSymbolicLink(link, object);
        }
    }

    /** The key under which an object's verified stat data is kept: its path below the cache root. */
    private static String recordKey(ObjectId id) {
        return ObjectLayout.key(id);
    }

    /** Records an object this process has just written and hashed on the way as intact. */
    private void recordWritten(ObjectId id, Path object) {
        if (id.isDir()) {
            return; // trees are hashed whenever they are read
        }
        try {
            verified.recordFresh(recordKey(id), FileStat.of(object, false), id);
        } catch (IOException e) {
            // unrecorded: it is hashed again before its next use
        }
    }

    /**
     * Whether the object still holds the bytes of its id. An object whose stat data (inode, size,
     * modification time) is what it was when last verified or written is trusted without reading
     * it; any other (edited through a hardlink, copied in from elsewhere, never checked) is hashed
     * again, and recorded when intact. Trees are always hashed: they are small and read whole.
     */
    public Integrity check(ObjectId id) {
        Path path = pathOf(id);
        FileStat stat;
        try {
            stat = FileStat.of(path, false);
        } catch (IOException e) {
            return Integrity.MISSING;
        }
        if (!id.isDir()) {
            ObjectId known = verified.get(recordKey(id), stat);
            if (known != null && known.hex().equals(id.hex())) {
                return Integrity.INTACT;
            }
        }
        return rehash(id, stat);
    }

    /** Hashes the object again, whatever its record says; intact objects are recorded. */
    public Integrity rehash(ObjectId id) {
        try {
            return rehash(id, FileStat.of(pathOf(id), false));
        } catch (IOException e) {
            return Integrity.MISSING;
        }
    }

    private Integrity rehash(ObjectId id, FileStat before) {
        Path path = pathOf(id);
        if (!before.isRegularFile()) {
            return Integrity.CORRUPT;
        }
        ObjectId actual;
        try {
            actual = hasher.hash(path);
        } catch (NoSuchFileException e) {
            return Integrity.MISSING;
        } catch (IOException e) {
            throw IoErrors.failure("read", path, e);
        }
        if (!actual.hex().equals(id.hex())) {
            return Integrity.CORRUPT;
        }
        if (!id.isDir()) {
            try {
                FileStat after = FileStat.of(path, false);
                if (after.sameAs(before)) {
                    verified.put(recordKey(id), after, id);
                }
            } catch (IOException e) {
                // unrecorded: hashed again next time
            }
        }
        return Integrity.INTACT;
    }

    /** The directory that damaged objects are moved into, never deleted: {@code <cache>/corrupt}. */
    public Path corruptDir() {
        return root.resolve("corrupt");
    }

    /**
     * Moves a damaged object out of the way, into {@code corrupt/<stamp>/<value>}, so that a good
     * copy can take its place; returns where it went.
     */
    public Path moveAside(ObjectId id, String stamp) {
        Path from = pathOf(id);
        Path to = corruptDir().resolve(stamp).resolve(id.value());
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return to;
        } catch (IOException e) {
            throw IoErrors.failure("move aside the damaged object", from, e);
        }
    }

    /**
     * A stamp of the cache's object directories (their names, identities and modification times),
     * which changes whenever an object is deleted from, or added to, the cache: a presence check
     * made under a stamp still holds while the stamp is the same. Null when a directory changed so
     * recently that a deletion could still hide behind its modification time.
     */
    public dev.cairn.hash.Fingerprint stamp(long nowNanos) {
        Path base = root.resolve(ObjectLayout.root(hasher.algorithm()));
        dev.cairn.hash.Fingerprint.Builder stamp = new dev.cairn.hash.Fingerprint.Builder();
        try {
            FileStat top = FileStat.of(base, false);
            stamp.add("", top);
            String[] prefixes = base.toFile().list();
            for (String prefix : prefixes == null ? new String[0] : prefixes) {
                FileStat stat = FileStat.of(base.resolve(prefix), false);
                if (stat.isRacyAt(nowNanos)) {
                    return null;
                }
                stamp.add(prefix, stat);
            }
            return top.isRacyAt(nowNanos) ? null : stamp.build();
        } catch (IOException e) {
            return null; // no cache yet, or a directory went away while we looked
        }
    }

    /** Every object id in the cache (temporary files skipped), listed by {@code workers} when given. */
    public List<ObjectId> listAll(Workers workers) {
        List<ObjectId> ids = new ArrayList<>();
        for (String value : objectValues(workers)) {
            ObjectId id = ObjectId.parse(hasher.algorithm(), value);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The values ({@code <hex>} or {@code <hex>.dir}) of every object in the cache, read by
     * {@code workers} when given. Names are not validated: look ids up in it, do not trust it.
     */
    @Override
    public java.util.Set<String> objectValues(Workers workers) {
        java.io.File base = root.resolve(ObjectLayout.root(hasher.algorithm())).toFile();
        String[] prefixes = base.list();
        if (prefixes == null) {
            return java.util.Set.of();
        }
        java.util.function.Function<String, List<String>> listOne = prefix -> {
            String[] names = prefix.length() == 2 ? new java.io.File(base, prefix).list() : null;
            List<String> values = new ArrayList<>(names == null ? 0 : names.length);
            if (names != null) {
                for (String name : names) {
                    if (!AtomicFiles.isTemp(name)) {
                        values.add(prefix + name);
                    }
                }
            }
            return values;
        };
        List<String> prefixList = List.of(prefixes);
        List<List<String>> parts = workers == null ? prefixList.stream().map(listOne).toList() : workers.map(prefixList, listOne);
        java.util.Set<String> all = new java.util.HashSet<>();
        parts.forEach(all::addAll);
        return all;
    }

    /**
     * Deletes temporary files that killed commands left in the cache; call only while holding the
     * repository lock, when no temporary file can belong to a live writer. Returns how many.
     */
    public int removeStaleTemps() {
        Path files = root.resolve("files");
        if (!Files.isDirectory(files)) {
            return 0;
        }
        int removed = 0;
        try (java.util.stream.Stream<Path> all = Files.walk(files, 3)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (AtomicFiles.isTemp(p.getFileName().toString())) {
                    AtomicFiles.deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw IoErrors.failure("list", files, e);
        }
        return removed;
    }

    /** Size in bytes of an object, or -1 when absent. */
    public long size(ObjectId id) {
        try {
            return Files.size(pathOf(id));
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void delete(ObjectId id) {
        Path path = pathOf(id);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw IoErrors.failure("delete", path, e);
        }
    }
}
