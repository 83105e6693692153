package dev.cairn.app;

import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.SafePaths;
import dev.cairn.workspace.IgnoreStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/** Finds, reads and resolves the manifests of a repository, and maps command targets to them. */
public final class Manifests {

    private final Repository repo;
    private final Pipelines pipelines;
    private List<Path> pipelineFiles;

    private final dev.cairn.util.Workers workers;

    Manifests(Repository repo, dev.cairn.util.Workers workers) {
        this.repo = repo;
        this.workers = workers;
        this.pipelines = new Pipelines(repo, this);
    }

    public Pipelines pipelines() {
        return pipelines;
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
        return walk(start, honourIgnores).manifests();
    }

    /** The pipeline files of the repository, found by the same walk as the manifests (done once). */
    public synchronized List<Path> pipelineFiles() {
        if (pipelineFiles == null) {
            pipelineFiles = walk(repo.root(), true).pipelines();
        }
        return pipelineFiles;
    }

    synchronized void rescanPipelineFiles() {
        pipelineFiles = null;
    }

    private record Found(List<Path> manifests, List<Path> pipelines) {
    }

    private Found walk(Path start, boolean honourIgnores) {
        IgnoreStack rootIgnores = IgnoreStack.forDirectory(repo.root(), start, repo.layout().ignoreFile());
        Found found = workers.invokeIo(new WalkTask(start, rootIgnores, honourIgnores, true));
        List<Path> manifests = new ArrayList<>(found.manifests());
        List<Path> pipelines = new ArrayList<>(found.pipelines());
        manifests.sort(null);
        pipelines.sort(null);
        return new Found(manifests, pipelines);
    }

    /**
     * One directory of the search, its subdirectories forked: .git, Cairn's own directory,
     * ignored paths and tracked directories (those beside a manifest of their name) are skipped.
     */
    private final class WalkTask extends java.util.concurrent.RecursiveTask<Found> {
        private final Path dir;
        private final IgnoreStack parentIgnores;
        private final boolean honourIgnores;
        private final boolean isStart;

        WalkTask(Path dir, IgnoreStack parentIgnores, boolean honourIgnores, boolean isStart) {
            this.dir = dir;
            this.parentIgnores = parentIgnores;
            this.honourIgnores = honourIgnores;
            this.isStart = isStart;
        }

        @Override
        protected Found compute() {
            String suffix = repo.layout().manifestSuffix();
            if (!isStart) {
                String name = dir.getFileName().toString();
                if (name.equals(".git") || dir.equals(repo.metaDir())
                        || (honourIgnores && parentIgnores.isIgnored(dir, true))
                        || Files.exists(dir.resolveSibling(name + suffix))) {
                    return new Found(List.of(), List.of());
                }
            }
            IgnoreStack here = parentIgnores.enter(dir, repo.layout().ignoreFile());
            List<Path> manifests = new ArrayList<>();
            List<Path> pipelines = new ArrayList<>();
            List<WalkTask> subdirs = new ArrayList<>();
            try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    dev.cairn.hash.FileStat stat;
                    try {
                        stat = dev.cairn.hash.FileStat.of(p, false);
                    } catch (IOException e) {
                        continue; // gone, or unreadable: as a walk that skips failures
                    }
                    if (stat.isDirectory()) {
                        WalkTask t = new WalkTask(p, here, honourIgnores, false);
                        t.fork();
                        subdirs.add(t);
                        continue;
                    }
                    String name = p.getFileName().toString();
                    boolean manifest = repo.layout().isManifestName(name);
                    if (!stat.isRegularFile() || !(manifest || name.equals(repo.layout().pipelineFile()))
                            || (honourIgnores && here.isIgnored(p, false))) {
                        continue;
                    }
                    (manifest ? manifests : pipelines).add(p);
                }
            } catch (IOException e) {
                if (isStart && !(e instanceof java.nio.file.NoSuchFileException)) {
                    throw IoErrors.failure("search", dir, e);
                }
                // an unreadable directory below the start is skipped, as before
            }
            for (WalkTask t : subdirs) {
                Found f = t.join();
                manifests.addAll(f.manifests());
                pipelines.addAll(f.pipelines());
            }
            return new Found(manifests, pipelines);
        }
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
        List<TrackedOutput> fromLocks = new ArrayList<>();
        // the lock files are read once, and only when needed
        List<TrackedOutput> locked = targets.isEmpty() || pipelineFiles().isEmpty() ? List.of() : pipelines.lockedOutputs();
        if (targets.isEmpty()) {
            findAll(repo.root(), honourIgnores).forEach(f -> wanted.put(f, Set.of()));
            fromLocks.addAll(pipelines.lockedOutputs());
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
            } else if (locked.stream().anyMatch(o -> o.path().equals(p))) {
                locked.stream().filter(o -> o.path().equals(p)).forEach(fromLocks::add);
            } else if (Files.isDirectory(p)) {
                findAll(p).forEach(f -> wanted.put(f, Set.of()));
                locked.stream().filter(o -> o.path().startsWith(p)).forEach(fromLocks::add);
            } else {
                throw CairnException.badInput("'" + repo.relative(p) + "' is not tracked by Cairn (no "
                        + repo.relative(manifestFor(p)) + " and no stage output)");
            }
        }
        List<TrackedOutput> result = new ArrayList<>(fromLocks);
        for (Map.Entry<Path, Set<Path>> e : wanted.entrySet()) {
            for (TrackedOutput o : outputs(read(e.getKey()))) {
                if (e.getValue().isEmpty() || e.getValue().contains(o.path())) {
                    result.add(o);
                }
            }
        }
        return result;
    }

    /** The stage that declares {@code path} (or a path inside or around it) as an output; else null. */
    public String producingStage(Path path) {
        if (pipelineFiles().isEmpty()) {
            return null;
        }
        dev.cairn.pipeline.Stage s = pipelines.pipeline().producerOf(path);
        return s == null ? null : s.address() + " (" + repo.relative(s.pipelineFile()) + ")";
    }
}
