package dev.cairn.app;

import dev.cairn.manifest.LockEntry;
import dev.cairn.manifest.LockFile;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.PipelineDoc;
import dev.cairn.manifest.PipelineFile;
import dev.cairn.manifest.YNode;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Stage;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The repository's pipeline files, their stages as one graph, and what their lock files record. */
public final class Pipelines {

    private final Repository repo;
    private final Manifests manifests;
    private Pipeline pipeline;

    Pipelines(Repository repo, Manifests manifests) {
        this.repo = repo;
        this.manifests = manifests;
    }

    /** Every stage of every pipeline file, checked and linked (read once per command). */
    public synchronized Pipeline pipeline() {
        if (pipeline == null) {
            pipeline = build(null, null);
        }
        return pipeline;
    }

    /** The pipeline as it would be with {@code file} holding {@code content}; throws if that is invalid. */
    public Pipeline check(Path file, YNode.Mapping content) {
        return build(file, content);
    }

    private Pipeline build(Path replaced, YNode.Mapping content) {
        List<PipelineDoc> docs = new ArrayList<>();
        List<Path> files = new ArrayList<>(manifests.pipelineFiles());
        if (replaced != null && !files.contains(replaced)) {
            files.add(replaced);
        }
        for (Path file : files) {
            docs.add(file.equals(replaced) ? PipelineFile.parse(file, repo.relative(file), content, PipelineFile::fromDisk)
                    : PipelineFile.read(file, repo.relative(file)));
        }
        return Pipeline.build(repo.root(), docs, repo.layout().lockFile(),
                p -> !p.equals(repo.root()) && !repo.isInternal(p), repo::relative);
    }

    /** Forgets the parsed pipeline, after a command changed a pipeline file. */
    public synchronized void reload() {
        pipeline = null;
        manifests.rescanPipelineFiles();
    }

    /** The stage entries of a lock file (read fresh each time: repro rewrites it). */
    public LinkedHashMap<String, LockEntry> lock(Path lockFile) {
        return LockFile.read(lockFile, repo.relative(lockFile));
    }

    /** Command targets sorted into paths and stage names. */
    public record Targets(List<Path> paths, List<String> stages) {
    }

    /**
     * Splits targets as {@code status} and {@code commit} take them: a name that is not an
     * existing path but names a stage is a stage; everything else is a path (resolved by {@code resolve}).
     */
    public Targets split(List<String> targets, java.util.function.Function<String, Path> resolve) {
        List<Path> paths = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        boolean any = any();
        for (String t : targets == null ? List.<String>of() : targets) {
            Path p = resolve.apply(t);
            if (any && !java.nio.file.Files.exists(p) && pipeline().find(t) != null) {
                stages.add(t);
            } else {
                paths.add(p);
            }
        }
        return new Targets(paths, stages);
    }

    /** Whether the repository has any pipeline file. */
    public boolean any() {
        return !manifests.pipelineFiles().isEmpty();
    }

    /** The stages named by command targets (addresses or names); all stages for none. */
    public List<Stage> resolve(List<String> targets) {
        List<Stage> result = new ArrayList<>();
        for (String t : targets) {
            Stage s = pipeline().find(t);
            if (s == null) {
                throw CairnException.badInput("no stage named '" + t + "'" + (manifests.pipelineFiles().isEmpty()
                        ? " (no " + repo.layout().pipelineFile() + " in this repository)" : ""));
            }
            result.add(s);
        }
        return result;
    }

    /**
     * The cached outputs that lock files record, as tracked outputs, so that checkout, status,
     * push, pull and gc treat them like the outputs of manifests.
     */
    public List<TrackedOutput> lockedOutputs() {
        List<TrackedOutput> result = new ArrayList<>();
        if (manifests.pipelineFiles().isEmpty()) {
            return result;
        }
        Map<Path, LinkedHashMap<String, LockEntry>> locks = new LinkedHashMap<>();
        for (Stage s : pipeline().stages()) {
            LockEntry entry = locks.computeIfAbsent(s.lockFile(), this::lock).get(s.name());
            if (entry == null) {
                continue;
            }
            Map<String, Output> recorded = new LinkedHashMap<>();
            entry.outs().forEach(o -> recorded.put(Stage.lockPath(o.path()), o));
            for (int i = 0; i < s.outs().size(); i++) {
                Stage.Out out = s.outs().get(i);
                Output o = recorded.get(Stage.lockPath(out.spec().path()));
                if (o == null || o.id() == null || !out.spec().cache()) {
                    continue;
                }
                Output relocated = o.withPath(SafePaths.toPosix(s.lockFile().getParent().relativize(out.path())));
                Manifest m = new Manifest(s.lockFile(), List.of(relocated), new LinkedHashMap<>());
                result.add(new TrackedOutput(m, relocated, out.path(), out.key()));
            }
        }
        return result;
    }

    /** Whether a tracked output comes from a lock file rather than a {@code .cairn} manifest. */
    public boolean isLocked(TrackedOutput t) {
        return t.manifest().file().getFileName().toString().equals(repo.layout().lockFile());
    }
}
