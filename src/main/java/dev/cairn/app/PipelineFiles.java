package dev.cairn.app;

import dev.cairn.manifest.YNode;
import dev.cairn.manifest.YamlReader;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which params and metrics files a revision declares: {@code params.yaml} at the root (when it
 * exists) and the {@code params:} and {@code metrics:} entries of {@code pipeline.yaml}'s stages
 * and top level. Deliberately small: it reads only these fields, until the pipeline model reads
 * the whole file.
 */
public final class PipelineFiles {

    public static final String PIPELINE = "pipeline.yaml";
    public static final String DEFAULT_PARAMS = "params.yaml";

    /** A params file and what of it is tracked: named keys, or the whole file. */
    public record ParamsUse(String path, boolean wholeFile, Set<String> keys) {
    }

    /** What one revision declares; paths relative to the repository root, POSIX separators. */
    public record Declared(List<ParamsUse> params, List<String> metrics) {
    }

    private PipelineFiles() {
    }

    public static Declared read(RevisionFiles files) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        Set<String> whole = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        files.text(PIPELINE).ifPresent(text -> parse(YamlReader.parse(text, files.shown(PIPELINE)), keys, whole, metrics));
        // params.yaml is read whole unless stages name the keys they use from it
        if (!keys.containsKey(DEFAULT_PARAMS) && files.bytes(DEFAULT_PARAMS).isPresent()) {
            whole.add(DEFAULT_PARAMS);
        }
        List<ParamsUse> params = new ArrayList<>();
        for (String path : union(keys.keySet(), whole)) {
            params.add(whole.contains(path) ? new ParamsUse(path, true, Set.of())
                    : new ParamsUse(path, false, keys.get(path)));
        }
        return new Declared(params, List.copyOf(metrics));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void parse(YNode root, Map<String, Set<String>> keys, Set<String> whole, Set<String> metrics) {
        if (root == null) {
            return;
        }
        if (!(root instanceof YNode.Mapping top)) {
            throw CairnException.badInput(root.mark() + ": a pipeline file must be a mapping");
        }
        for (YNode item : list(top.get("params"), "params")) {
            whole.add(path(scalar(item, "each of 'params' must be a file name"), ""));
        }
        for (YNode item : list(top.get("metrics"), "metrics")) {
            metrics.add(path(scalar(item, "each of 'metrics' must be a path"), ""));
        }
        YNode stages = top.get("stages");
        if (stages == null) {
            return;
        }
        if (!(stages instanceof YNode.Mapping stageMap)) {
            throw CairnException.badInput(stages.mark() + ": 'stages' must be a mapping");
        }
        for (Map.Entry<String, YNode> stage : stageMap.entries().entrySet()) {
            if (stage.getValue() instanceof YNode.Mapping body) {
                stage(stage.getKey(), body, keys, whole, metrics);
            }
        }
    }

    private static void stage(String name, YNode.Mapping body, Map<String, Set<String>> keys, Set<String> whole,
                              Set<String> metrics) {
        String wdir = body.get("wdir") instanceof YNode.Scalar w ? path(w, "") + "/" : "";
        for (YNode item : list(body.get("params"), "params")) {
            switch (item) {
                case YNode.Scalar key -> keys.computeIfAbsent(DEFAULT_PARAMS, k -> new LinkedHashSet<>()).add(key.text());
                case YNode.Mapping files -> {
                    for (Map.Entry<String, YNode> file : files.entries().entrySet()) {
                        String path = path(new YNode.Scalar(file.getKey(), YNode.Scalar.Type.STRING, files.mark()), wdir);
                        List<YNode> named = list(file.getValue(), file.getKey());
                        if (named.isEmpty()) {
                            whole.add(path); // "- config.json:" tracks the whole file
                        }
                        for (YNode key : named) {
                            keys.computeIfAbsent(path, k -> new LinkedHashSet<>())
                                    .add(scalar(key, "stage '" + name + "': params keys must be names").text());
                        }
                    }
                }
                default -> throw CairnException.badInput(item.mark() + ": stage '" + name
                        + "': each of 'params' must be a key or {file: [keys]}");
            }
        }
        for (YNode item : list(body.get("metrics"), "metrics")) {
            YNode.Scalar path = switch (item) {
                case YNode.Scalar s -> s;
                case YNode.Mapping m when m.entries().size() == 1 ->
                        new YNode.Scalar(m.entries().keySet().iterator().next(), YNode.Scalar.Type.STRING, m.mark());
                default -> throw CairnException.badInput(item.mark() + ": stage '" + name
                        + "': each of 'metrics' must be a path or {path: {options}}");
            };
            metrics.add(path(path, wdir));
        }
    }

    private static List<YNode> list(YNode node, String what) {
        return switch (node) {
            case null -> List.of();
            case YNode.Scalar s when s.type() == YNode.Scalar.Type.NULL -> List.of();
            case YNode.Sequence seq -> seq.items();
            default -> throw CairnException.badInput(node.mark() + ": '" + what + "' must be a list");
        };
    }

    private static YNode.Scalar scalar(YNode node, String message) {
        if (node instanceof YNode.Scalar s && s.type() != YNode.Scalar.Type.NULL) {
            return s;
        }
        throw CairnException.badInput(node.mark() + ": " + message);
    }

    /** A path from the pipeline file, made relative to the root; refused when it leaves it. */
    private static String path(YNode.Scalar node, String wdir) {
        String problem = SafePaths.problemWith(node.text());
        if (problem != null) {
            throw CairnException.badInput(node.mark() + ": " + problem);
        }
        Path p = Path.of(wdir + node.text()).normalize();
        if (p.startsWith("..") || p.toString().isEmpty()) {
            throw CairnException.badInput(node.mark() + ": path '" + node.text() + "' leaves the repository");
        }
        return SafePaths.toPosix(p);
    }
}
