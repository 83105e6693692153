package dev.cairn.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Writes that a reader never sees half done: temp file beside the target, fsync, rename. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * The prefix of every temporary file Cairn writes. Directory walks skip such names, so a
     * temporary file left by a killed command never becomes part of a tracked directory.
     */
    public static final String TEMP_PREFIX = ".cairn-tmp-";

    /** A fresh temporary name in the same directory as {@code target}, so a rename is atomic. */
    public static Path tempSibling(Path target) {
        return target.resolveSibling(TEMP_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + tempSuffix(target));
    }

    private static String tempSuffix(Path target) {
        String name = target.getFileName().toString();
        return "-" + (name.length() > 40 ? name.substring(0, 40) : name);
    }

    /**
     * Deletes the temporary files that killed writers of {@code target} left beside it (a
     * manifest or .gitignore half written when kill -9 came), which would otherwise stay in the
     * work tree for Git to see. Only for a caller holding the repository lock: then no live
     * writer owns them.
     */
    public static void removeStaleTemps(Path target) {
        String suffix = tempSuffix(target);
        try (java.nio.file.DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                p -> isTemp(p.getFileName().toString()) && p.getFileName().toString().endsWith(suffix))) {
            for (Path p : siblings) {
                deleteQuietly(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a directory that cannot be listed holds no temp file we could delete
        }
    }

    public static boolean isTemp(String fileName) {
        return fileName.startsWith(TEMP_PREFIX);
    }

    public static void write(Path target, String text) {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /** Writes {@code bytes} to {@code target} atomically, optionally with the given permissions. */
    public static void write(Path target, byte[] bytes, Set<PosixFilePermission> permissions) {
        Path temp = tempSibling(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            if (permissions != null) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw CairnException.failed("cannot write " + target + ": " + IoErrors.describe(e), e);
        }
    }

    /** Renames {@code temp} over {@code target} atomically. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes {@code root} and everything under it (nothing when it does not exist); symlinks are not followed. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                        throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw IoErrors.failure("delete", root, e);
        }
    }

    public static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a stray temp file is harmless and cleaned up by gc
        }
    }

    public static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CairnException.failed("cannot create directory " + dir + ": " + IoErrors.describe(e), e);
        }
    }

    public static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
