package dev.cairn.app;

import dev.cairn.git.GitIgnoreFile;
import dev.cairn.hash.ObjectId;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.repo.Repository;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.SafePaths;
import dev.cairn.workspace.Snapshot;
import dev.cairn.workspace.WorkspaceFile;
import dev.cairn.workspace.WorkspaceIndex;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** {@code cairn add} and {@code cairn commit}: store outputs in the cache and record them in manifests. */
public final class AddService {

    /** What happened to one target. */
    public record Added(String path, String manifest, ObjectId id, long size, int nfiles, boolean changed) {
    }

    private final Session session;
    private final Repository repo;

    public AddService(Session session) {
        this.session = session;
        this.repo = session.repo();
    }

    /**
     * Adds targets (paths relative to the working directory). With {@code glob} they are patterns;
     * with {@code out} the single target is copied to that workspace path first.
     */
    public List<Added> add(List<String> targets, boolean noCommit, boolean glob, String out) {
        List<Path> paths = new ArrayList<>();
        for (String t : targets) {
            if (glob) {
                paths.addAll(expandGlob(t));
            } else {
                paths.add(session.context().cwd().resolve(t).normalize());
            }
        }
        if (out != null) {
            if (paths.size() != 1) {
                throw CairnException.badInput("--out takes exactly one target");
            }
            paths = List.of(copyIn(paths.get(0), session.context().cwd().resolve(out).normalize()));
        }
        for (Path p : paths) {
            checkAddable(p);
        }
        List<Added> result = new ArrayList<>();
        for (Path p : paths) {
            Path manifestFile = session.manifests().manifestFor(p);
            Manifest existing = Files.isRegularFile(manifestFile) ? session.manifests().read(manifestFile) : null;
            Output previous = existing == null ? null : existing.outs().stream()
                    .filter(o -> o.path().equals(p.getFileName().toString())).findFirst().orElse(null);
            result.add(record(p, manifestFile, existing, previous, noCommit));
        }
        return result;
    }

    /** Re-records tracked outputs from the workspace ({@code cairn commit}). */
    public List<Added> commit(List<Path> targets) {
        List<Added> result = new ArrayList<>();
        for (TrackedOutput t : session.manifests().resolveTargets(targets)) {
            if (!t.out().cached() || session.pipelines().isLocked(t)) {
                continue;
            }
            result.add(record(t.path(), t.manifest().file(), t.manifest(), t.out(), false));
        }
        return result;
    }

    private Added record(Path path, Path manifestFile, Manifest existing, Output previous, boolean noCommit) {
        String key = repo.relative(path);
        WorkspaceIndex index = session.index();
        Snapshot snap = index.snapshot(path, key, noCommit ? index.hashing()
                : (file, known, stat) -> session.cache().add(file, known, stat));
        if (snap.kind() == Snapshot.Kind.MISSING) {
            throw CairnException.badInput("'" + key + "' does not exist");
        }
        if (snap.kind() == Snapshot.Kind.DIRECTORY) {
            for (WorkspaceFile f : snap.files()) {
                if (repo.layout().isManifestName(f.path().getFileName().toString())) {
                    throw CairnException.badInput("cannot add '" + key + "': it contains the manifest '" + key + "/"
                            + f.relpath() + "'; tracked outputs cannot overlap");
                }
            }
        }
        if (snap.kind() == Snapshot.Kind.DIRECTORY && !noCommit) {
            session.cache().putBytes(snap.id(), snap.treeBytes());
            session.storedTree(key, snap.id());
        }
        String relToManifest = SafePaths.toPosix(manifestFile.getParent().relativize(path));
        Output updated = (previous != null ? previous.withPath(relToManifest)
                : new Output(relToManifest, null, 0, null, false, false, new LinkedHashMap<>(), null))
                .withHash(snap.id(), snap.size(), snap.kind() == Snapshot.Kind.DIRECTORY ? snap.nfiles() : null,
                        snap.kind() == Snapshot.Kind.FILE && snap.executable());
        boolean changed = previous == null || !updated.equals(previous);
        List<Output> outs = new ArrayList<>();
        if (existing != null) {
            for (Output o : existing.outs()) {
                outs.add(o == previous ? updated : o);
            }
        }
        if (previous == null) {
            outs.add(updated);
        }
        Manifest manifest = existing != null ? existing.withOuts(outs)
                : new Manifest(manifestFile, outs, new LinkedHashMap<>());
        if (changed || existing == null) {
            ManifestCodec.write(manifest);
        }
        AtomicFiles.removeStaleTemps(manifestFile); // this command holds the lock: a kill's leftovers
        if (repo.gitRoot().isPresent()) {
            GitIgnoreFile.add(path.getParent(), path.getFileName().toString());
            AtomicFiles.removeStaleTemps(path.getParent().resolve(".gitignore"));
        }
        return new Added(key, repo.relative(manifestFile), snap.id(), snap.size(), snap.nfiles(), changed);
    }

    private void checkAddable(Path p) {
        String shown = SafePaths.printable(p.startsWith(repo.root()) ? repo.relative(p) : p.toString());
        String problem = SafePaths.problemWith(p.startsWith(repo.root()) && !p.equals(repo.root()) ? repo.relative(p) : "x");
        if (problem != null) {
            throw CairnException.badInput("cannot add '" + shown + "': " + problem);
        }
        if (!p.startsWith(repo.root()) || p.equals(repo.root())) {
            throw CairnException.badInput("cannot add '" + shown + "': it is outside the repository " + repo.root());
        }
        if (repo.isInternal(p)) {
            throw CairnException.badInput("cannot add '" + shown + "': it is inside Cairn's or Git's own files");
        }
        SafePaths.checkNoSymlinkEscape(repo.root(), p.getParent(), shown, "cannot add '" + shown + "'");
        if (Files.isSymbolicLink(p)) {
            throw CairnException.badInput("cannot add '" + shown + "': it is a symbolic link");
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw CairnException.badInput("cannot add '" + shown + "': no such file or directory");
        }
        if (repo.layout().isManifestName(p.getFileName().toString())) {
            throw CairnException.badInput("cannot add '" + shown + "': it is a Cairn manifest");
        }
        for (Path a = p.getParent(); a != null && a.startsWith(repo.root()) && !a.equals(repo.root()); a = a.getParent()) {
            if (Files.isRegularFile(session.manifests().manifestFor(a))) {
                throw CairnException.badInput("cannot add '" + shown + "': it is already tracked as part of '"
                        + repo.relative(a) + "'");
            }
        }
        String stage = session.manifests().producingStage(p);
        if (stage != null) {
            throw CairnException.badInput("cannot add '" + shown + "': it is an output of stage " + stage
                    + "; record it with 'cairn commit' instead");
        }
    }

    /** Paths under the working directory matching a glob such as {@code models/*.pt} or {@code data/**.csv}. */
    private List<Path> expandGlob(String pattern) {
        Path cwd = session.context().cwd();
        PathMatcher matcher = cwd.getFileSystem().getPathMatcher("glob:" + pattern);
        // without ** a pattern cannot match deeper than its own number of parts
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
        List<Path> matches = new ArrayList<>();
        try (java.util.stream.Stream<Path> all = Files.walk(cwd, depth)) {
            all.filter(p -> !p.equals(cwd) && !repo.isInternal(p)
                            && !repo.layout().isManifestName(p.getFileName().toString())
                            && matcher.matches(cwd.relativize(p)))
                    .forEach(matches::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CairnException.failed("cannot search " + cwd + ": " + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw CairnException.badInput("no file matches '" + pattern + "'");
        }
        matches.sort(null);
        // a match inside another match is part of it
        List<Path> outermost = new ArrayList<>();
        for (Path p : matches) {
            if (outermost.isEmpty() || !p.startsWith(outermost.get(outermost.size() - 1))) {
                outermost.add(p);
            }
        }
        return outermost;
    }

    /** Copies an outside path into the workspace at {@code dest} (for {@code add -o}); refuses to overwrite. */
    private Path copyIn(Path source, Path dest) {
        if (!Files.exists(source)) {
            throw CairnException.badInput("'" + source + "' does not exist");
        }
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw CairnException.badInput("'" + dest + "' already exists; choose another --out");
        }
        if (!dest.startsWith(repo.root()) || repo.isInternal(dest)) {
            throw CairnException.badInput("--out '" + dest + "' must be inside the repository");
        }
        Path temp = dev.cairn.util.AtomicFiles.tempSibling(dest);
        try {
            Files.createDirectories(dest.getParent());
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(temp.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, temp.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
            Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw IoErrors.failure("copy " + source + " to", dest, e);
        }
        return dest;
    }
}
