package dev.cairn.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;

/**
 * The stat data that tells whether a file may have changed since it was hashed.
 *
 * @param inode the file's identity: device and inode number folded into one value (what
 *              {@code fileKey().hashCode()} gives), enough to notice a file replaced by another
 * @param mode  file type and permission bits, as in stat(2)
 */
public record FileStat(long inode, long mtimeNanos, long size, int mode) {

    private static final long RACY_WINDOW_NANOS = 20_000_000L;
    private static final long COARSE_RACY_WINDOW_NANOS = 2_000_000_000L;
    private static final int[] PERMISSION_BITS = {0400, 0200, 0100, 040, 020, 010, 04, 02, 01};
    private static final PosixFilePermission[] PERMISSIONS = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};

    public static FileStat of(Path file) throws IOException {
        return of(file, false);
    }

    /**
     * Stat data of {@code file}, or of what it points to when {@code follow} is set. Read as
     * POSIX attributes, which costs a fraction of the generic attribute map in long walks.
     */
    public static FileStat of(Path file, boolean follow) throws IOException {
        PosixFileAttributes a = follow ? Files.readAttributes(file, PosixFileAttributes.class)
                : Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = a.isDirectory() ? 0040000 : a.isSymbolicLink() ? 0120000 : a.isRegularFile() ? 0100000 : 0;
        var permissions = a.permissions();
        for (int i = 0; i < PERMISSIONS.length; i++) {
            if (permissions.contains(PERMISSIONS[i])) {
                mode |= PERMISSION_BITS[i];
            }
        }
        Instant mtime = a.lastModifiedTime().toInstant();
        Object key = a.fileKey();
        return new FileStat(key == null ? 0 : key.hashCode(), mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano(),
                a.size(), mode);
    }

    public boolean isExecutable() {
        return (mode & 0100) != 0;
    }

    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }

    public boolean isSymbolicLink() {
        return (mode & 0170000) == 0120000;
    }

    public boolean isRegularFile() {
        return (mode & 0170000) == 0100000;
    }

    public boolean isWritableByOwner() {
        return (mode & 0200) != 0;
    }

    /**
     * Whether a write could still hide behind this stat data: the file changed so recently that
     * another write within the same timestamp tick would leave it unchanged ("racy" stat data, as
     * Git calls it). The tick is a few milliseconds on file systems with nanosecond timestamps, up
     * to two seconds on those whose timestamps have no sub-second part.
     */
    public boolean isRacyAt(long nowNanos) {
        boolean coarse = mtimeNanos % 1_000_000_000L == 0;
        return nowNanos - mtimeNanos < (coarse ? COARSE_RACY_WINDOW_NANOS : RACY_WINDOW_NANOS);
    }

    /** Same content as far as stat can tell: identity, size and modification time agree. */
    public boolean sameAs(FileStat other) {
        return other != null && inode == other.inode && size == other.size && mtimeNanos == other.mtimeNanos;
    }
}
