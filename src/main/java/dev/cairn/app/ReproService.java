package dev.cairn.app;

import dev.cairn.git.GitIgnoreFile;
import dev.cairn.hash.Tree;
import dev.cairn.manifest.LockEntry;
import dev.cairn.manifest.LockFile;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.ParamsFile;
import dev.cairn.manifest.YNode;
import dev.cairn.pipeline.Changes;
import dev.cairn.pipeline.CommandRunner;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.RunCache;
import dev.cairn.pipeline.Scheduler;
import dev.cairn.pipeline.Stage;
import dev.cairn.pipeline.StateProbe;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.workspace.Snapshot;
import dev.cairn.workspace.WorkspaceIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code cairn repro}: runs the stages whose inputs changed and records them in the lock files. */
public final class ReproService {

    /** What repro tells the user while it works. */
    public interface Listener {
        /** A line about a stage (running, skipped, restored). */
        void stage(Stage stage, String message);

        /** A line a stage's command printed. */
        void output(Stage stage, String line);
    }

    public record Options(List<String> targets, boolean force, boolean single, boolean downstream, boolean dry,
                          boolean keepGoing, boolean noCommit, boolean noRunCache, int jobs) {
    }

    /** @param ran stages whose command ran; restored: taken from the run cache */
    public record Result(Scheduler.Result schedule, List<Stage> ran, List<Stage> restored, List<Stage> upToDate) {
    }

    private final Session session;
    private final Pipelines pipelines;
    private final WorkspaceIndex index;
    private final RunCache runCache;
    private final Object lockFileMutex = new Object();
    private final Object gitIgnoreMutex = new Object();
    private final Map<Path, LinkedHashMap<String, LockEntry>> locks = new java.util.HashMap<>();

    public ReproService(Session session) {
        this.session = session;
        this.pipelines = session.pipelines();
        this.index = session.index();
        this.runCache = new RunCache(session.repo().cacheDir());
    }

    public Result repro(Options options, Listener listener) {
        Pipeline pipeline = pipelines.pipeline();
        List<Stage> targets = pipelines.resolve(options.targets());
        List<Stage> order = pipeline.select(targets, options.single(), options.downstream());
        synchronized (lockFileMutex) {
            order.forEach(this::lockOf); // a lock file that cannot be read is bad input: refused before anything runs
        }
        List<Stage> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Stage> restored = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Stage> upToDate = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<Stage> wouldRun = ConcurrentHashMap.newKeySet();
        Scheduler.Result schedule = Scheduler.run(pipeline, order, options.dry() ? 1 : options.jobs(), options.keepGoing(), stage -> {
            if (stage.spec().frozen()) {
                listener.stage(stage, "Stage '" + stage + "' is frozen; not running it");
                upToDate.add(stage);
                return;
            }
            List<Changes.Change> changes = options.force() ? List.of(new Changes.Change("forced", null))
                    : Changes.of(stage, lockEntry(stage), probe());
            if (options.dry() && changes.isEmpty()) {
                List<String> ups = pipeline.upstreamOf(stage).stream().filter(wouldRun::contains).map(Stage::address).toList();
                if (!ups.isEmpty()) {
                    changes = List.of(new Changes.Change("upstream stage will run", String.join(", ", ups)));
                }
            }
            if (changes.isEmpty()) {
                listener.stage(stage, "Stage '" + stage + "' didn't change, skipping");
                upToDate.add(stage);
                return;
            }
            if (options.dry()) {
                wouldRun.add(stage);
                listener.stage(stage, "Would run stage '" + stage + "' (" + describe(changes) + ")");
                ran.add(stage);
                return;
            }
            checkDepsExist(stage, pipeline);
            if (!options.noRunCache() && !options.force() && restoreFromRunCache(stage)) {
                listener.stage(stage, "Stage '" + stage + "' is cached - restored its outputs from the run cache instead of running it");
                restored.add(stage);
                return;
            }
            listener.stage(stage, "Running stage '" + stage + "' (" + describe(changes) + ")");
            removeOutputs(stage);
            int status = CommandRunner.run(stage, line -> listener.output(stage, line));
            if (status != 0) {
                throw CairnException.failed("stage '" + stage + "' failed: its command exited with status " + status);
            }
            LockEntry entry = commit(stage, options.noCommit());
            if (!options.noRunCache() && !options.noCommit() && runCacheable(stage)) {
                runCache.save(RunCache.key(entry), entry);
            }
            ran.add(stage);
        });
        return new Result(schedule, List.copyOf(ran), List.copyOf(restored), List.copyOf(upToDate));
    }

    /** Why each stage is stale; stages that are up to date are left out. */
    public Map<Stage, List<Changes.Change>> status(List<String> targets) {
        Pipeline pipeline = pipelines.pipeline();
        Map<Stage, List<Changes.Change>> result = new LinkedHashMap<>();
        List<Stage> order = pipeline.select(pipelines.resolve(targets), false, false);
        StateProbe probe = probe();
        for (Stage s : order) {
            List<Changes.Change> changes = Changes.of(s, lockEntry(s), probe);
            if (!changes.isEmpty()) {
                result.put(s, changes);
            }
        }
        return result;
    }

    /**
     * Records stages as they are in the workspace, without running them ({@code cairn commit}):
     * the named stages, or with none every stale stage whose outputs all exist.
     */
    public List<Stage> commitStages(List<String> targets) {
        List<Stage> committed = new ArrayList<>();
        Map<Stage, List<Changes.Change>> stale = status(targets);
        for (Stage s : targets.isEmpty() ? List.copyOf(stale.keySet()) : pipelines.resolve(targets)) {
            if (!targets.isEmpty() && !stale.containsKey(s)) {
                continue;
            }
            if (targets.isEmpty() && !s.outs().stream().allMatch(o -> Files.exists(o.path(), LinkOption.NOFOLLOW_LINKS))) {
                continue;
            }
            checkDepsExist(s, pipelines.pipeline());
            commit(s, false);
            committed.add(s);
        }
        return committed;
    }

    private static String describe(List<Changes.Change> changes) {
        List<String> parts = changes.stream().limit(3).map(Changes.Change::toString).toList();
        return String.join("; ", parts) + (changes.size() > 3 ? "; " + (changes.size() - 3) + " more" : "");
    }

    private LockEntry lockEntry(Stage stage) {
        synchronized (lockFileMutex) {
            return lockOf(stage).get(stage.name());
        }
    }

    /** A lock file's entries, read once and then kept up to date by {@link #writeLock}. */
    private LinkedHashMap<String, LockEntry> lockOf(Stage stage) {
        return locks.computeIfAbsent(stage.lockFile(), pipelines::lock);
    }

    /** Sees the workspace through the hash cache, without storing anything. */
    private StateProbe probe() {
        return new StateProbe() {
            @Override
            public Output observe(Path path) {
                return toOutput("", index.snapshot(path, session.repo().relative(path), index.hashing()));
            }

            @Override
            public YNode.Mapping params(Path file) {
                return Files.isRegularFile(file) ? ParamsFile.read(file, session.repo().relative(file)) : null;
            }
        };
    }

    private static Output toOutput(String path, Snapshot snap) {
        if (snap.kind() == Snapshot.Kind.MISSING) {
            return null;
        }
        boolean dir = snap.kind() == Snapshot.Kind.DIRECTORY;
        return new Output(path, snap.id(), snap.size(), dir ? snap.nfiles() : null, !dir && snap.executable(), false, null, null);
    }

    private void checkDepsExist(Stage stage, Pipeline pipeline) {
        for (int i = 0; i < stage.deps().size(); i++) {
            Path dep = stage.deps().get(i);
            if (!Files.exists(dep, LinkOption.NOFOLLOW_LINKS)) {
                Stage producer = pipeline.producerOf(dep);
                throw CairnException.failed(stage.spec().deps().get(i).mark() + ": stage '" + stage + "': dependency '"
                        + stage.spec().deps().get(i).path() + "' does not exist"
                        + (producer == null ? "" : " (stage '" + producer + "' should have written it)"));
            }
        }
    }

    /** The run cache applies to stages with dependencies whose outputs all live in the cache. */
    private static boolean runCacheable(Stage stage) {
        return !stage.deps().isEmpty() && !stage.outs().isEmpty() && !stage.spec().alwaysChanged()
                && stage.outs().stream().allMatch(o -> o.spec().cache() && !o.spec().persist());
    }

    private boolean restoreFromRunCache(Stage stage) {
        if (!runCacheable(stage)) {
            return false;
        }
        LockEntry recorded = runCache.find(RunCache.key(inputs(stage)));
        if (recorded == null || recorded.outs().size() != stage.outs().size() || !recorded.outs().stream().allMatch(this::inCache)) {
            return false;
        }
        LockEntry entry = new LockEntry(stage.spec().cmd(), recorded.deps(), recorded.params(), recorded.outs());
        ignoreOutputs(stage); // before the lock entry, as in commit
        writeLock(stage, entry);
        CheckoutService.Result r = new CheckoutService(session).checkout(stage.outs().stream().map(Stage.Out::path).toList(), false, true);
        if (!r.missing().isEmpty() || !r.conflicts().isEmpty()) {
            throw CairnException.failed("stage '" + stage + "': restoring from the run cache failed for " + r.missing() + r.conflicts());
        }
        return true;
    }

    private boolean inCache(Output o) {
        if (o.id() == null || !session.cache().contains(o.id())) {
            return false;
        }
        if (!o.id().isDir()) {
            return true;
        }
        Tree tree = session.cache().readTree(o.id());
        return tree != null && tree.entries().stream().allMatch(e -> session.cache().contains(e.id()));
    }

    /** The stage's command, dependency hashes and params as they are now (the run cache key's inputs). */
    private LockEntry inputs(Stage stage) {
        StateProbe probe = probe();
        List<Output> deps = new ArrayList<>();
        for (int i = 0; i < stage.deps().size(); i++) {
            Output o = probe.observe(stage.deps().get(i));
            if (o != null) {
                deps.add(o.withPath(Stage.lockPath(stage.spec().deps().get(i).path())));
            }
        }
        LinkedHashMap<String, LinkedHashMap<String, YNode>> params = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, YNode>> e : Changes.currentParams(stage, probe).entrySet()) {
            LinkedHashMap<String, YNode> values = new LinkedHashMap<>();
            e.getValue().forEach((k, v) -> {
                if (v == null) {
                    throw CairnException.badInput("stage '" + stage + "': parameter '" + k + "' is not defined in " + e.getKey());
                }
                values.put(k, v);
            });
            params.put(e.getKey(), values);
        }
        return new LockEntry(stage.spec().cmd(), deps, params, List.of());
    }

    /**
     * Records a stage as it is now: hashes its dependencies and outputs, stores cached outputs in
     * the cache (unless {@code noCommit}) and writes its lock entry.
     */
    public LockEntry commit(Stage stage, boolean noCommit) {
        LockEntry in = inputs(stage);
        List<Output> outs = new ArrayList<>();
        for (Stage.Out out : stage.outs()) {
            boolean store = out.spec().cache() && !noCommit;
            Snapshot snap = index.snapshot(out.path(), out.key(), store
                    ? (file, known, stat) -> session.cache().add(file, known, stat) : index.hashing());
            if (snap.kind() == Snapshot.Kind.MISSING) {
                throw CairnException.failed(out.spec().mark() + ": stage '" + stage + "' did not create its output '"
                        + out.spec().path() + "'");
            }
            if (store && snap.kind() == Snapshot.Kind.DIRECTORY) {
                session.cache().putBytes(snap.id(), snap.treeBytes());
            }
            outs.add(toOutput(Stage.lockPath(out.spec().path()), snap));
        }
        LockEntry entry = new LockEntry(in.cmd(), in.deps(), in.params(), outs);
        // the lock entry last: once it is written the stage counts as done and is not visited
        // again, so a kill between the two must not leave its outputs unignored by Git
        ignoreOutputs(stage);
        writeLock(stage, entry);
        return entry;
    }

    private void writeLock(Stage stage, LockEntry entry) {
        synchronized (lockFileMutex) {
            LinkedHashMap<String, LockEntry> current = new LinkedHashMap<>(lockOf(stage));
            current.put(stage.name(), entry);
            // keep the stages in the order the pipeline file defines them
            LinkedHashMap<String, LockEntry> ordered = new LinkedHashMap<>();
            for (Stage s : pipelines.pipeline().stages()) {
                if (s.lockFile().equals(stage.lockFile()) && current.containsKey(s.name())) {
                    ordered.put(s.name(), current.remove(s.name()));
                }
            }
            ordered.putAll(current);
            LockFile.write(stage.lockFile(), ordered);
            dev.cairn.util.AtomicFiles.removeStaleTemps(stage.lockFile()); // under the lock: a kill's leftovers
            locks.put(stage.lockFile(), ordered);
        }
    }

    private void ignoreOutputs(Stage stage) {
        if (session.repo().gitRoot().isEmpty()) {
            return;
        }
        // stages running in parallel may share a directory: one .gitignore edit at a time, so
        // that no entry is lost and no writer's temporary file is taken for a stale one
        synchronized (gitIgnoreMutex) {
            for (Stage.Out out : stage.outs()) {
                if (out.spec().cache()) {
                    GitIgnoreFile.add(out.path().getParent(), out.path().getFileName().toString());
                    dev.cairn.util.AtomicFiles.removeStaleTemps(out.path().getParent().resolve(".gitignore"));
                }
            }
        }
    }

    /** Deletes a stage's outputs before it runs, except those marked {@code persist}. */
    private void removeOutputs(Stage stage) {
        for (Stage.Out out : stage.outs()) {
            if (out.spec().persist() || !Files.exists(out.path(), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                if (Files.isDirectory(out.path(), LinkOption.NOFOLLOW_LINKS)) {
                    try (var walk = Files.walk(out.path())) {
                        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                } else {
                    Files.delete(out.path());
                }
            } catch (IOException e) {
                throw IoErrors.failure("remove the old output", out.path(), e);
            }
        }
    }
}
