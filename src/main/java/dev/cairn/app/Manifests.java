package dev.cairn.app;

import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.PipelineOutputs;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.SafePaths;
import dev.cairn.workspace.IgnoreStack;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/** Finds, reads and resolves the manifests of a repository, and maps command targets to them. */
public final class Manifests {

    private final Repository repo;

    Manifests(Repository repo) {
        this.repo = repo;
    }

    public Manifest read(Path file) {
        return ManifestCodec.read(file, repo.relative(file));
    }

    /** The outputs of a manifest, each path checked to stay inside the repository. */
    public List<TrackedOutput> outputs(Manifest m) {
        List<TrackedOutput> result = new ArrayList<>();
        for (Output o : m.outs()) {
            String origin = o.mark() == null ? repo.relative(m.file()) : o.mark().toString();
            Path p = SafePaths.resolveInside(repo.root(), m.dir(), o.path(), origin);
            if (p.equals(repo.root()) || repo.isInternal(p)) {
                throw CairnException.badInput(origin + ": path '" + o.path() + "' is inside Cairn's or Git's own files");
            }
            result.add(new TrackedOutput(m, o, p, repo.relative(p)));
        }
        return result;
    }

    /** The manifest that tracks {@code path} as its output: {@code <path>.cairn}. */
    public Path manifestFor(Path path) {
        return path.resolveSibling(path.getFileName() + repo.layout().manifestSuffix());
    }

    /** Every manifest of the workspace; tracked directories, .git, .cairn and ignored paths are skipped. */
    public List<Path> findAll(Path start) {
        return findAll(start, true);
    }

    /**
     * Every manifest below {@code start}; with {@code honourIgnores} false also those in paths that
     * .cairnignore hides (gc must keep their objects).
     */
    public List<Path> findAll(Path start, boolean honourIgnores) {
        List<Path> found = new ArrayList<>();
        String suffix = repo.layout().manifestSuffix();
        IgnoreStack rootIgnores = IgnoreStack.forDirectory(repo.root(), start, repo.layout().ignoreFile());
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                private final java.util.ArrayDeque<IgnoreStack> stack = new java.util.ArrayDeque<>(List.of(rootIgnores));

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(start)) {
                        String name = dir.getFileName().toString();
                        if (name.equals(".git") || dir.equals(repo.metaDir())
                                || (honourIgnores && stack.peek().isIgnored(dir, true))
                                || Files.exists(dir.resolveSibling(name + suffix))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                    }
                    stack.push(stack.peek().enter(dir, repo.layout().ignoreFile()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    stack.pop();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && repo.layout().isManifestName(file.getFileName().toString())
                            && !(honourIgnores && stack.peek().isIgnored(file, false))) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw IoErrors.failure("search", start, e);
        }
        found.sort(null);
        return found;
    }

    /**
     * The outputs named by command targets: a manifest, a tracked path, or a directory whose
     * manifests are all meant. No targets means every manifest of the repository.
     */
    public List<TrackedOutput> resolveTargets(List<Path> targets) {
        return resolveTargets(targets, true);
    }

    /** As {@link #resolveTargets(List)}; {@code honourIgnores} false also finds manifests .cairnignore hides. */
    public List<TrackedOutput> resolveTargets(List<Path> targets, boolean honourIgnores) {
        // manifest file -> the output paths wanted from it (empty: all of them)
        Map<Path, Set<Path>> wanted = new LinkedHashMap<>();
        if (targets.isEmpty()) {
            findAll(repo.root(), honourIgnores).forEach(f -> wanted.put(f, Set.of()));
        }
        for (Path t : targets) {
            Path p = t.toAbsolutePath().normalize();
            if (!p.startsWith(repo.root())) {
                throw CairnException.badInput("'" + t + "' is outside the repository " + repo.root());
            }
            if (repo.layout().isManifestName(p.getFileName().toString()) && Files.isRegularFile(p)) {
                wanted.put(p, Set.of());
            } else if (Files.isRegularFile(manifestFor(p))) {
                Set<Path> paths = wanted.get(manifestFor(p));
                if (paths == null) {
                    wanted.put(manifestFor(p), new HashSet<>(Set.of(p)));
                } else if (!paths.isEmpty()) { // empty already means all of them
                    paths.add(p);
                }
            } else if (Files.isDirectory(p)) {
                findAll(p).forEach(f -> wanted.put(f, Set.of()));
            } else {
                throw CairnException.badInput("'" + repo.relative(p) + "' is not tracked by Cairn (no "
                        + repo.relative(manifestFor(p)) + ")");
            }
        }
        List<TrackedOutput> result = new ArrayList<>();
        for (Map.Entry<Path, Set<Path>> e : wanted.entrySet()) {
            for (TrackedOutput o : outputs(read(e.getKey()))) {
                if (e.getValue().isEmpty() || e.getValue().contains(o.path())) {
                    result.add(o);
                }
            }
        }
        return result;
    }

    /** The stage that declares {@code path} as an output, in a pipeline file between the root and it; else null. */
    public String producingStage(Path path) {
        Path dir = repo.root();
        List<Path> dirs = new ArrayList<>();
        dirs.add(dir);
        for (Path part : repo.root().relativize(path.getParent())) {
            dir = dir.resolve(part);
            dirs.add(dir);
        }
        for (Path d : dirs) {
            Path file = d.resolve(repo.layout().pipelineFile());
            for (PipelineOutputs.Declared decl : PipelineOutputs.read(file, repo.relative(file))) {
                Path declared = d.resolve(decl.path()).normalize();
                if (path.equals(declared) || path.startsWith(declared) || declared.startsWith(path)) {
                    return decl.stage() + " (" + repo.relative(file) + ")";
                }
            }
        }
        return null;
    }
}
