package dev.cairn.reliability;

import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.TreeCodec;
import dev.cairn.hash.TreeEntry;
import dev.cairn.manifest.LockFile;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** File-tree helpers of the reliability tests: test data, copies, snapshots, and manifest checks. */
final class Trees {

    private Trees() {
    }

    /** Writes {@code count} files of random bytes (sizes {@code min..max}) spread over {@code dirs} directories. */
    static void writeFiles(Path root, String dir, int count, int dirs, int min, int max, long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[min + random.nextInt(max - min + 1)];
            random.nextBytes(bytes);
            Path p = root.resolve(dir + "/d" + (i % dirs) + "/f" + i + ".bin");
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        }
    }

    static void writeRandom(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
    }

    /**
     * What a user sees in the work tree: every path (outside .git and .cairn) with the MD5 of a
     * file's bytes and its exec bit, or a link's target. Directories appear through the paths in
     * them; an empty directory does not appear, since no format of Cairn's (nor Git's) records
     * one: a checkout killed after emptying a directory may leave it, and the rerun does not
     * visit it.
     */
    static SortedMap<String, String> workspace(Path repo) {
        SortedMap<String, String> entries = new TreeMap<>();
        try {
            Files.walkFileTree(repo, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(repo)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = rel(repo, dir);
                    return rel.equals(".git") || rel.equals(".cairn") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = rel(repo, file);
                    if (attrs.isSymbolicLink()) {
                        entries.put(rel, "link " + Files.readSymbolicLink(file));
                    } else {
                        entries.put(rel, CacheFsck.md5(file) + (Files.isExecutable(file) ? " x" : ""));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Paths of temporary files left in the work tree (outside .git and .cairn). */
    static List<String> workspaceTemps(Path repo) {
        List<String> temps = new ArrayList<>();
        workspace(repo).keySet().forEach(p -> {
            if (Path.of(p).getFileName().toString().startsWith(".cairn-tmp-")) {
                temps.add(p);
            }
        });
        return temps;
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /**
     * Parses every manifest and pipeline.lock in the work tree with Cairn's own readers; throws
     * (naming the file) on the first that does not parse. Returns how many were read.
     */
    static int parseManifests(Path repo) {
        int n = 0;
        for (Path p : files(repo)) {
            String name = p.getFileName().toString();
            if (name.endsWith(".cairn") && !name.startsWith(".cairn-tmp-")) {
                ManifestCodec.read(p, rel(repo, p));
                n++;
            } else if (name.equals("pipeline.lock")) {
                LockFile.read(p, rel(repo, p));
                n++;
            }
        }
        return n;
    }

    /** The objects the work tree's manifests reference: their outputs and, for directories, every file in the tree. */
    static Set<String> referencedObjects(Path repo) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (Path p : files(repo)) {
            if (!p.getFileName().toString().endsWith(".cairn")) {
                continue;
            }
            Manifest m = ManifestCodec.read(p, p.toString());
            for (Output o : m.outs()) {
                ids.add(o.id().value());
                if (o.isDir()) {
                    Path tree = repo.resolve(".cairn/cache/files/md5/" + o.id().value().substring(0, 2) + "/"
                            + o.id().value().substring(2));
                    for (TreeEntry e : TreeCodec.decode(Files.readAllBytes(tree), HashAlgorithm.MD5, tree.toString()).entries()) {
                        ids.add(e.id().value());
                    }
                }
            }
        }
        return ids;
    }

    private static List<Path> files(Path repo) {
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(repo, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName().toString();
                    return !dir.equals(repo) && (name.equals(".git") || name.equals(".cairn"))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    out.add(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Copies a tree with its permissions and times (times matter: the hash cache keys on them). */
    static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
