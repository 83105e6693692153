package dev.cairn.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolution of paths that come from untrusted text (manifests, pipeline files, tree objects,
 * remotes). A path is refused before anything is written when it is absolute, leaves its root
 * through {@code ..}, reaches outside through a symlink, or holds NUL or control characters.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * Checks the characters of a relative POSIX path and returns a description of the problem, or
     * null when it is acceptable.
     */
    public static String problemWith(String rel) {
        if (rel == null || rel.isEmpty()) {
            return "empty path";
        }
        for (int i = 0; i < rel.length(); i++) {
            char c = rel.charAt(i);
            if (c == 0) {
                return "path contains a NUL character";
            }
            if (c < 0x20 || c == 0x7f) {
                return "path contains a control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        if (rel.startsWith("/") || rel.startsWith("\\") || hasDriveLetter(rel)) {
            return "absolute path '" + rel + "' is not allowed";
        }
        return null;
    }

    /** {@code C:}, {@code C:/…} or {@code C:\…}; a plain name such as {@code a:b} is not one. */
    private static boolean hasDriveLetter(String rel) {
        return rel.length() >= 2 && rel.charAt(1) == ':' && ((rel.charAt(0) | 0x20) >= 'a' && (rel.charAt(0) | 0x20) <= 'z')
                && (rel.length() == 2 || rel.charAt(2) == '/' || rel.charAt(2) == '\\');
    }

    /** {@code s} with control characters written as {@code \xNN}, fit for a message on a terminal. */
    public static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s.substring(0, i));
                }
                sb.append(String.format("\\x%02x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Resolves {@code rel} (POSIX separators) against {@code base} and checks that the result stays
     * inside {@code root}, also after following symlinks of the parts that exist.
     *
     * @param origin names the file (and line) the path came from, for the error message
     */
    public static Path resolveInside(Path root, Path base, String rel, String origin) {
        String problem = problemWith(rel);
        if (problem != null) {
            throw CairnException.badInput(origin + ": " + problem);
        }
        Path normalRoot = root.toAbsolutePath().normalize();
        Path resolved = base.toAbsolutePath().resolve(rel.replace('\\', '/')).normalize();
        if (!resolved.startsWith(normalRoot)) {
            throw CairnException.badInput(origin + ": path '" + rel + "' leaves " + normalRoot);
        }
        checkNoSymlinkEscape(normalRoot, resolved, rel, origin);
        return resolved;
    }

    /** Refuses a path whose existing parts resolve, through a symlink, outside {@code root}. */
    public static void checkNoSymlinkEscape(Path root, Path path, String shown, String origin) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            return; // the root itself does not exist yet: nothing below it can be a symlink
        }
        Path current = root;
        for (Path part : root.relativize(path)) {
            current = current.resolve(part);
            if (!Files.isSymbolicLink(current)) {
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    return;
                }
                continue;
            }
            try {
                Path real = current.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw CairnException.badInput(origin + ": path '" + shown + "' goes through symlink "
                            + current + " that points outside " + root);
                }
            } catch (IOException e) {
                // a dangling symlink: it cannot lead anywhere yet, but writing through it could
                throw CairnException.badInput(origin + ": path '" + shown + "' goes through dangling symlink " + current);
            }
        }
    }

    /** The POSIX form of a relative path, as manifests and trees store it. */
    public static String toPosix(Path relative) {
        String s = relative.toString();
        return java.io.File.separatorChar == '/' ? s : s.replace(java.io.File.separatorChar, '/');
    }
}
