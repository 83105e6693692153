package dev.cairn.app;

import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import dev.cairn.workspace.DirectoryWalker;
import dev.cairn.workspace.IgnoreStack;
import dev.cairn.workspace.WorkspaceFile;
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

    /**
     * The manifests and pipeline files below {@code start}. .git, Cairn's own directory and tracked
     * directories (those beside a manifest of their name) hold none and are not entered; symlinks
     * and unreadable directories are skipped.
     */
    private Found walk(Path start, boolean honourIgnores) {
        if (!Files.isDirectory(start)) {
            return new Found(List.of(), List.of());
        }
        String ignoreFile = repo.layout().ignoreFile();
        String suffix = repo.layout().manifestSuffix();
        DirectoryWalker.Rules rules = new DirectoryWalker.Rules(false, true,
                dir -> dir.getFileName().toString().equals(".git") || dir.equals(repo.metaDir())
                        || Files.exists(dir.resolveSibling(dir.getFileName() + suffix)));
        List<WorkspaceFile> files = new DirectoryWalker(workers, honourIgnores ? ignoreFile : null, false, rules)
                .walk(start, honourIgnores ? IgnoreStack.forDirectory(repo.root(), start, ignoreFile) : IgnoreStack.none());
        List<Path> manifests = new ArrayList<>();
        List<Path> pipelines = new ArrayList<>();
        for (WorkspaceFile f : files) {
            String name = f.path().getFileName().toString();
            if (repo.layout().isManifestName(name)) {
                manifests.add(f.path());
            } else if (name.equals(repo.layout().pipelineFile())) {
                pipelines.add(f.path());
            }
        }
        manifests.sort(null);
        pipelines.sort(null);
        return new Found(manifests, pipelines);
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
