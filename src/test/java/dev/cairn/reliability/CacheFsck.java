package dev.cairn.reliability;

import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.TreeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The tests' own integrity check, independent of Cairn's code: rehashes every object under an
 * object root ({@code .cairn/cache} or a local-directory remote, both laid out as
 * {@code files/md5/ab/cdef…}). An object is intact when the MD5 of its bytes is its name and, for
 * a {@code .dir} object, when its bytes parse as a tree. Temporary files are counted, not judged:
 * they are never under a final name. It was the stand-in for {@code cairn fsck} before that
 * existed; the kill loop now runs both (fsck on the cache; this on cache and remote, and as an
 * oracle that does not share Cairn's hashing code).
 */
final class CacheFsck {

    /**
     * @param objects  values ({@code <hex>} or {@code <hex>.dir}) of the intact objects
     * @param corrupt  final names whose bytes do not match (or whose tree does not parse), with why
     * @param temps    temporary files found (left by a killed writer)
     * @param strays   files that are neither objects nor temporary files
     */
    record Report(Set<String> objects, List<String> corrupt, List<Path> temps, List<Path> strays) {
        boolean clean() {
            return corrupt.isEmpty() && strays.isEmpty();
        }

        @Override
        public String toString() {
            return objects.size() + " intact, corrupt " + corrupt + ", strays " + strays + ", " + temps.size() + " temp file(s)";
        }
    }

    private CacheFsck() {
    }

    static Report check(Path objectRoot) {
        Path base = objectRoot.resolve("files").resolve("md5");
        Set<String> objects = new TreeSet<>();
        List<String> corrupt = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        List<Path> strays = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return new Report(objects, corrupt, temps, strays);
        }
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p)) {
                    continue;
                }
                String name = p.getFileName().toString();
                if (name.startsWith(".cairn-tmp-")) {
                    temps.add(p);
                    continue;
                }
                Path rel = base.relativize(p);
                String prefix = rel.getNameCount() == 2 ? rel.getName(0).toString() : "";
                String value = prefix + name;
                boolean dir = value.endsWith(".dir");
                String hex = dir ? value.substring(0, value.length() - 4) : value;
                if (prefix.length() != 2 || !hex.matches("[0-9a-f]{32}")) {
                    strays.add(p);
                    continue;
                }
                String why = verify(p, hex, dir);
                if (why == null) {
                    objects.add(value);
                } else {
                    corrupt.add(value + " (" + why + ")");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Report(objects, corrupt, temps, strays);
    }

    /** Null when the file at {@code p} is the intact object {@code hex}, else what is wrong. */
    private static String verify(Path p, String hex, boolean dir) throws IOException {
        String actual = md5(p);
        if (!actual.equals(hex)) {
            return "bytes hash to " + actual;
        }
        if (dir) {
            try {
                TreeCodec.decode(Files.readAllBytes(p), HashAlgorithm.MD5, p.toString());
            } catch (RuntimeException e) {
                return "tree does not parse: " + e.getMessage();
            }
        }
        return null;
    }

    static String md5(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return md5(in);
        }
    }

    static String md5(InputStream in) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            d.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static String md5(byte[] bytes) {
        try {
            return md5(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
