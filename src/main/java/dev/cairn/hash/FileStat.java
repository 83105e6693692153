package dev.cairn.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** The stat data that tells whether a file may have changed since it was hashed. */
public record FileStat(long inode, long mtimeNanos, long size, int mode, int links) {

    private static final String ATTRIBUTES = "unix:ino,size,lastModifiedTime,mode,nlink";

    public static FileStat of(Path file) throws IOException {
        return of(file, false);
    }

    /** Stat data of {@code file}, or of what it points to when {@code follow} is set. */
    public static FileStat of(Path file, boolean follow) throws IOException {
        Map<String, Object> a = follow ? Files.readAttributes(file, ATTRIBUTES)
                : Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        java.time.Instant i = mtime.toInstant();
        return new FileStat((Long) a.get("ino"), i.getEpochSecond() * 1_000_000_000L + i.getNano(),
                (Long) a.get("size"), (Integer) a.get("mode"), (Integer) a.get("nlink"));
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

    /** Same content as far as stat can tell: inode, size and modification time agree. */
    public boolean sameAs(FileStat other) {
        return other != null && inode == other.inode && size == other.size && mtimeNanos == other.mtimeNanos;
    }
}
