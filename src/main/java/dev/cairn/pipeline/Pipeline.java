package dev.cairn.pipeline;

import dev.cairn.manifest.PipelineDoc;
import dev.cairn.manifest.StageSpec;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every stage of a repository and the graph between them: a stage depends on another when one of
 * its dependencies is, contains or lies inside one of the other's outputs. Building it refuses two
 * stages writing the same output, an output inside another output, and cycles.
 */
public final class Pipeline {

    private final List<Stage> stages;
    private final Map<Stage, List<Stage>> upstream = new LinkedHashMap<>();
    private final Map<Stage, List<Stage>> downstream = new LinkedHashMap<>();
    /** Repository-relative output path → output, sorted so that the outputs under a directory are one range. */
    private final TreeMap<String, Stage.Out> outputs = new TreeMap<>();
    private final java.util.function.Function<Path, String> relative;
    private final Map<Stage.Out, Stage> producer = new HashMap<>();

    private Pipeline(List<Stage> stages, java.util.function.Function<Path, String> relative) {
        this.stages = List.copyOf(stages);
        this.relative = relative;
    }

    /**
     * @param root      the repository root
     * @param lockFileName the name of the lock file beside each pipeline file
     * @param isInside  whether a path may be used (inside the repository, not in Cairn's or Git's files)
     * @param relative  repository-relative display of a path
     */
    public static Pipeline build(Path root, List<PipelineDoc> docs, String lockFileName, Predicate<Path> isInside,
                                 java.util.function.Function<Path, String> relative) {
        List<Stage> stages = new ArrayList<>();
        for (PipelineDoc doc : docs) {
            String prefix = doc.dir().equals(root) ? "" : relative.apply(doc.file()) + ":";
            Path lock = doc.file().resolveSibling(lockFileName);
            for (StageSpec spec : doc.stages()) {
                Path wdir = SafePaths.resolveInside(root, doc.dir(), spec.wdir(), spec.mark().toString());
                List<Path> deps = new ArrayList<>();
                for (StageSpec.PathRef d : spec.deps()) {
                    deps.add(checked(root, wdir, d.path(), d.mark().toString(), isInside));
                }
                List<Stage.Out> outs = new ArrayList<>();
                for (StageSpec.OutSpec o : spec.outs()) {
                    Path p = checked(root, wdir, o.path(), o.mark().toString(), isInside);
                    outs.add(new Stage.Out(p, relative.apply(p), o));
                }
                List<Stage.Params> params = new ArrayList<>();
                for (StageSpec.ParamRef ref : spec.params()) {
                    Path file = checked(root, wdir, ref.file(), ref.mark().toString(), isInside);
                    params.add(new Stage.Params(file, ref.file(), ref));
                }
                stages.add(new Stage(prefix + spec.name(), spec, doc.file(), lock, wdir, deps, outs, params));
            }
        }
        Pipeline p = new Pipeline(stages, relative);
        p.link();
        return p;
    }

    private static Path checked(Path root, Path wdir, String path, String origin, Predicate<Path> isInside) {
        Path p = SafePaths.resolveInside(root, wdir, path, origin);
        if (!isInside.test(p)) {
            throw CairnException.badInput(origin + ": '" + path + "' is the repository itself or inside Cairn's or Git's own files");
        }
        SafePaths.checkNoSymlinkEscape(root, p, path, origin);
        return p;
    }

    private void link() {
        for (Stage s : stages) {
            upstream.put(s, new ArrayList<>());
            downstream.put(s, new ArrayList<>());
            for (Stage.Out o : s.outs()) {
                Stage.Out other = outputs.put(o.key(), o);
                if (other != null) {
                    throw CairnException.badInput(o.spec().mark() + ": '" + o.key() + "' is an output of both stage '"
                            + producer.get(other) + "' (" + other.spec().mark() + ") and stage '" + s + "'");
                }
                producer.put(o, s);
            }
        }
        for (Map.Entry<String, Stage.Out> e : outputs.entrySet()) {
            Stage.Out outer = containing(e.getValue().path().getParent());
            if (outer != null) {
                Stage.Out inner = e.getValue();
                throw CairnException.badInput(inner.spec().mark() + ": output '" + inner.key() + "' of stage '"
                        + producer.get(inner) + "' lies inside output '" + outer.key() + "' of stage '"
                        + producer.get(outer) + "' (" + outer.spec().mark() + ")");
            }
        }
        for (Stage s : stages) {
            Set<Stage> ups = new LinkedHashSet<>();
            for (Path dep : s.deps()) {
                Stage.Out o = containing(dep);
                if (o != null) {
                    ups.add(producer.get(o));
                }
                for (Stage.Out inner : inside(dep)) {
                    ups.add(producer.get(inner));
                }
            }
            ups.remove(s);
            for (Stage u : ups) {
                upstream.get(s).add(u);
                downstream.get(u).add(s);
            }
        }
        checkCycles();
    }

    /** The output that is {@code path} or one of its ancestors; null if none. */
    private Stage.Out containing(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            Stage.Out o = outputs.get(relative.apply(p));
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /** The outputs strictly below the directory {@code dir}. */
    private java.util.Collection<Stage.Out> inside(Path dir) {
        String prefix = relative.apply(dir) + "/";
        return outputs.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values();
    }

    private void checkCycles() {
        Map<Stage, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (Stage s : stages) {
            Deque<Stage> path = new ArrayDeque<>();
            visit(s, state, path);
        }
    }

    private void visit(Stage s, Map<Stage, Integer> state, Deque<Stage> path) {
        Integer st = state.get(s);
        if (st != null && st == 2) {
            return;
        }
        path.addLast(s);
        if (st != null) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (Stage p : path) {
                in |= p == s;
                if (in) {
                    cycle.add(p.address());
                }
            }
            throw CairnException.badInput(s.spec().mark() + ": the stages form a cycle: " + String.join(" -> ", cycle));
        }
        state.put(s, 1);
        for (Stage u : upstream.get(s)) {
            visit(u, state, path);
        }
        state.put(s, 2);
        path.removeLast();
    }

    public List<Stage> stages() {
        return stages;
    }

    public List<Stage> upstreamOf(Stage s) {
        return upstream.get(s);
    }

    public List<Stage> downstreamOf(Stage s) {
        return downstream.get(s);
    }

    /** The stage whose output is, contains or lies inside {@code path}; null if none. */
    public Stage producerOf(Path path) {
        Stage.Out o = containing(path);
        if (o != null) {
            return producer.get(o);
        }
        return inside(path).stream().findFirst().map(producer::get).orElse(null);
    }

    /** The stage a user names: its address, or its bare name when that is unique. */
    public Stage find(String name) {
        Stage byName = null;
        for (Stage s : stages) {
            if (s.address().equals(name)) {
                return s;
            }
            if (s.name().equals(name)) {
                if (byName != null) {
                    throw CairnException.badInput("'" + name + "' names more than one stage: " + byName + ", " + s);
                }
                byName = s;
            }
        }
        return byName;
    }

    /**
     * The stages to consider for the given targets, upstream first: each target with everything it
     * depends on, or only the targets ({@code single}), or the targets and what depends on them
     * ({@code downstream}). No targets means every stage.
     */
    public List<Stage> select(List<Stage> targets, boolean single, boolean withDownstream) {
        Set<Stage> wanted = new LinkedHashSet<>();
        if (targets.isEmpty()) {
            wanted.addAll(stages);
        } else if (single) {
            wanted.addAll(targets);
        } else {
            Deque<Stage> todo = new ArrayDeque<>(targets);
            while (!todo.isEmpty()) {
                Stage s = todo.pop();
                if (wanted.add(s)) {
                    todo.addAll(withDownstream ? downstream.get(s) : upstream.get(s));
                }
            }
        }
        return topological(wanted);
    }

    /** {@code subset} ordered so that every stage comes after its upstream stages (stable by definition order). */
    public List<Stage> topological(Set<Stage> subset) {
        List<Stage> order = new ArrayList<>();
        Set<Stage> done = new LinkedHashSet<>();
        for (Stage s : stages) {
            if (subset.contains(s)) {
                place(s, subset, done, order);
            }
        }
        return order;
    }

    private void place(Stage s, Set<Stage> subset, Set<Stage> done, List<Stage> order) {
        if (!done.add(s)) {
            return;
        }
        for (Stage u : upstream.get(s)) {
            if (subset.contains(u)) {
                place(u, subset, done, order);
            }
        }
        order.add(s);
    }
}
