package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code pipeline.yaml} (dvc.yaml's schema): expands {@code vars}, {@code ${…}},
 * {@code foreach}/{@code do} and {@code matrix}, then checks every key and type, naming file, line
 * and column of anything wrong.
 */
public final class PipelineFile {

    private static final Set<String> TOP_KEYS = Set.of("stages", "vars", "params", "metrics", "plots", "artifacts", "datasets");
    private static final Set<String> STAGE_KEYS = Set.of("cmd", "wdir", "deps", "params", "outs", "metrics", "plots",
            "frozen", "always_changed", "desc", "meta", "vars");
    private static final Set<String> OUT_OPTIONS = Set.of("cache", "persist", "desc", "remote", "push", "type", "labels",
            "meta", "checkpoint");
    private static final Set<String> PLOT_OPTIONS = Set.of("x", "y", "template", "title", "x_label", "y_label", "header");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]*");
    private static final String DEFAULT_PARAMS = "params.yaml";

    private final Path file;
    private final String shown;
    private final Function<Path, Optional<String>> reader;

    private PipelineFile(Path file, String shown, Function<Path, Optional<String>> reader) {
        this.file = file;
        this.shown = shown;
        this.reader = reader;
    }

    /** Reads files from disk; an absent file is empty. */
    public static Optional<String> fromDisk(Path file) {
        return Files.isRegularFile(file) ? Optional.of(ManifestCodec.readText(file, file.toString())) : Optional.empty();
    }

    /** The file as YAML, without expansion (for commands that edit it); an empty file gives an empty mapping. */
    public static YNode.Mapping readRaw(Path file, String shownName) {
        YNode root = YamlReader.parseCore(ManifestCodec.readText(file, shownName), shownName);
        if (root == null) {
            return new YNode.Mapping(new LinkedHashMap<>(), new YNode.Mark(shownName, 1, 1));
        }
        if (!(root instanceof YNode.Mapping m)) {
            throw CairnException.badInput(root.mark() + ": a pipeline file must be a mapping with 'stages'");
        }
        return m;
    }

    public static PipelineDoc read(Path file, String shownName) {
        return parse(file, shownName, readRaw(file, shownName), PipelineFile::fromDisk);
    }

    /**
     * Expands and checks a pipeline file's YAML as if it were at {@code file}; params files named
     * by {@code vars} are read through {@code reader} (the workspace, or a Git revision).
     */
    public static PipelineDoc parse(Path file, String shownName, YNode.Mapping root, Function<Path, Optional<String>> reader) {
        return new PipelineFile(file, shownName, reader).parse(root);
    }

    public static void write(Path file, YNode.Mapping root) {
        dev.cairn.util.AtomicFiles.write(file, YamlWriter.write(root));
    }

    private PipelineDoc parse(YNode.Mapping root) {
        for (Map.Entry<String, YNode> e : root.entries().entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw bad(e.getValue(), "unknown key '" + e.getKey() + "' (expected one of " + sorted(TOP_KEYS) + ")");
            }
        }
        YNode.Mapping context = globalContext(root);
        List<StageSpec> stages = new ArrayList<>();
        YNode stagesNode = root.get("stages");
        if (stagesNode != null && !(stagesNode instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.NULL)) {
            YNode.Mapping stageMap = mapping(stagesNode, "'stages'");
            Set<String> names = new java.util.HashSet<>();
            for (Map.Entry<String, YNode> e : stageMap.entries().entrySet()) {
                for (Map.Entry<String, YNode.Mapping> expanded : expand(e.getKey(), e.getValue(), context).entrySet()) {
                    if (!names.add(expanded.getKey())) {
                        throw bad(e.getValue(), "stage '" + expanded.getKey() + "' is defined twice");
                    }
                    stages.add(stage(expanded.getKey(), expanded.getValue()));
                }
            }
        }
        Interpolation top = new Interpolation(context, null);
        return new PipelineDoc(file, stages, pathList(root.get("params") == null ? null : top.resolve(root.get("params")), "params"),
                pathList(root.get("metrics") == null ? null : top.resolve(root.get("metrics")), "metrics"),
                pathList(root.get("plots") == null ? null : top.resolve(root.get("plots")), "plots"));
    }

    /** params.yaml next to the file (when present), then the top-level {@code vars} in order. */
    private YNode.Mapping globalContext(YNode.Mapping root) {
        LinkedHashMap<String, YNode> context = new LinkedHashMap<>();
        reader.apply(file.resolveSibling(DEFAULT_PARAMS)).ifPresent(text ->
                context.putAll(ParamsFile.parse(text, sibling(DEFAULT_PARAMS), DEFAULT_PARAMS).entries()));
        addVars(context, root.get("vars"), file.getParent(), null);
        return new YNode.Mapping(context, root.mark());
    }

    private void addVars(LinkedHashMap<String, YNode> context, YNode vars, Path base, String stage) {
        if (vars == null) {
            return;
        }
        String where = stage == null ? "'vars'" : "stage '" + stage + "': 'vars'";
        if (!(vars instanceof YNode.Sequence seq)) {
            throw bad(vars, where + " must be a list of files and mappings, not a " + vars.describe());
        }
        for (YNode item : seq.items()) {
            switch (item) {
                case YNode.Mapping m -> context.putAll(m.entries());
                case YNode.Scalar s when s.type() == YNode.Scalar.Type.STRING -> {
                    // "file.yaml" or "file.yaml:key1,key2"
                    String spec = s.text();
                    int colon = spec.indexOf(':');
                    String name = colon < 0 ? spec : spec.substring(0, colon);
                    Path params = SafePaths.resolveInside(file.getParent(), base, name, s.mark().toString());
                    String text = reader.apply(params).orElseThrow(() -> bad(s, where + ": params file '" + name + "' does not exist"));
                    YNode.Mapping values = ParamsFile.parse(text, sibling(name), params.getFileName().toString());
                    if (colon < 0) {
                        context.putAll(values.entries());
                    } else {
                        for (String key : spec.substring(colon + 1).split(",")) {
                            YNode v = values.get(key.strip());
                            if (v == null) {
                                throw bad(s, where + ": '" + key.strip() + "' is not defined in " + name);
                            }
                            context.put(key.strip(), v);
                        }
                    }
                }
                default -> throw bad(item, where + ": each item must be a file name or a mapping, not a " + item.describe());
            }
        }
    }

    /** A stage definition expanded into named stage bodies, interpolated. */
    private Map<String, YNode.Mapping> expand(String name, YNode definition, YNode.Mapping global) {
        if (!STAGE_NAME.matcher(name).matches() || name.contains("@")) {
            throw bad(definition, "invalid stage name '" + name + "' (letters, digits, '_', '-' and '.' only)");
        }
        YNode.Mapping def = mapping(definition, "stage '" + name + "'");
        Map<String, YNode.Mapping> result = new LinkedHashMap<>();
        YNode foreach = def.get("foreach");
        YNode matrix = def.get("matrix");
        if (foreach == null && matrix == null) {
            if (def.get("do") != null) {
                throw bad(def.get("do"), "stage '" + name + "': 'do' needs 'foreach'");
            }
            result.put(name, resolveStage(name, def, global, Map.of()));
            return result;
        }
        if (foreach != null && matrix != null) {
            throw bad(matrix, "stage '" + name + "': use either 'foreach' or 'matrix', not both");
        }
        Interpolation outer = new Interpolation(global, "stage '" + name + "'");
        if (foreach != null) {
            for (String key : def.entries().keySet()) {
                if (!key.equals("foreach") && !key.equals("do")) {
                    throw bad(def.get(key), "stage '" + name + "': with 'foreach' all keys go under 'do' (found '" + key + "')");
                }
            }
            YNode.Mapping doBody = mapping(require(def, "do", "stage '" + name + "'"), "stage '" + name + "': 'do'");
            YNode items = outer.resolve(foreach);
            switch (items) {
                case YNode.Sequence seq -> {
                    for (int i = 0; i < seq.items().size(); i++) {
                        YNode item = seq.items().get(i);
                        String suffix = item instanceof YNode.Scalar s ? s.text() : Integer.toString(i);
                        put(result, name + "@" + suffix, resolveStage(name + "@" + suffix, doBody, global,
                                Map.of("item", item)), item);
                    }
                }
                case YNode.Mapping m -> {
                    for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
                        put(result, name + "@" + e.getKey(), resolveStage(name + "@" + e.getKey(), doBody, global,
                                Map.of("item", e.getValue(), "key", new YNode.Scalar(e.getKey(), YNode.Scalar.Type.STRING, e.getValue().mark()))), e.getValue());
                    }
                }
                default -> throw bad(foreach, "stage '" + name + "': 'foreach' must be a list or a mapping, not a " + items.describe());
            }
            return result;
        }
        YNode.Mapping axes = mapping(outer.resolve(matrix), "stage '" + name + "': 'matrix'");
        LinkedHashMap<String, YNode> body = new LinkedHashMap<>(def.entries());
        body.remove("matrix");
        List<Map<String, YNode>> combos = new ArrayList<>(List.of(new LinkedHashMap<>()));
        List<List<String>> suffixes = new ArrayList<>(List.of(new ArrayList<>()));
        for (Map.Entry<String, YNode> axis : axes.entries().entrySet()) {
            if (!(axis.getValue() instanceof YNode.Sequence values) || values.items().isEmpty()) {
                throw bad(axis.getValue(), "stage '" + name + "': matrix '" + axis.getKey() + "' must be a non-empty list");
            }
            List<Map<String, YNode>> nextCombos = new ArrayList<>();
            List<List<String>> nextSuffixes = new ArrayList<>();
            for (int c = 0; c < combos.size(); c++) {
                for (int i = 0; i < values.items().size(); i++) {
                    YNode v = values.items().get(i);
                    Map<String, YNode> combo = new LinkedHashMap<>(combos.get(c));
                    combo.put(axis.getKey(), v);
                    List<String> suffix = new ArrayList<>(suffixes.get(c));
                    suffix.add(v instanceof YNode.Scalar s ? s.text() : axis.getKey() + i);
                    nextCombos.add(combo);
                    nextSuffixes.add(suffix);
                }
            }
            combos = nextCombos;
            suffixes = nextSuffixes;
        }
        YNode.Mapping bodyMap = new YNode.Mapping(body, def.mark());
        for (int c = 0; c < combos.size(); c++) {
            String stageName = name + "@" + String.join("-", suffixes.get(c));
            YNode.Mapping item = new YNode.Mapping(new LinkedHashMap<>(combos.get(c)), matrix.mark());
            put(result, stageName, resolveStage(stageName, bodyMap, global, Map.of("item", item)), matrix);
        }
        return result;
    }

    private void put(Map<String, YNode.Mapping> result, String name, YNode.Mapping stage, YNode at) {
        if (result.put(name, stage) != null) {
            throw bad(at, "stage '" + name + "' is generated twice");
        }
    }

    /** Interpolates a stage body with the global context, the stage's own vars and the loop values. */
    private YNode.Mapping resolveStage(String name, YNode.Mapping def, YNode.Mapping global, Map<String, YNode> loop) {
        LinkedHashMap<String, YNode> context = new LinkedHashMap<>(global.entries());
        context.putAll(loop);
        YNode wdirNode = def.get("wdir");
        Path base = file.getParent();
        if (wdirNode instanceof YNode.Scalar w && w.type() == YNode.Scalar.Type.STRING && !w.text().contains("${")) {
            base = SafePaths.resolveInside(file.getParent(), file.getParent(), w.text(), w.mark().toString());
        }
        addVars(context, def.get("vars"), base, name);
        Interpolation interpolation = new Interpolation(new YNode.Mapping(context, def.mark()), "stage '" + name + "'");
        LinkedHashMap<String, YNode> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, YNode> e : def.entries().entrySet()) {
            resolved.put(e.getKey(), e.getKey().equals("vars") ? e.getValue() : interpolation.resolve(e.getValue()));
        }
        return new YNode.Mapping(resolved, def.mark());
    }

    private StageSpec stage(String name, YNode.Mapping body) {
        String where = "stage '" + name + "'";
        for (Map.Entry<String, YNode> e : body.entries().entrySet()) {
            if (!STAGE_KEYS.contains(e.getKey())) {
                throw bad(e.getValue(), where + ": unknown key '" + e.getKey() + "' (expected one of " + sorted(STAGE_KEYS) + ")");
            }
        }
        YNode cmdNode = require(body, "cmd", where);
        List<String> cmd = new ArrayList<>();
        switch (cmdNode) {
            case YNode.Scalar s when s.type() != YNode.Scalar.Type.NULL -> cmd.add(s.text());
            case YNode.Sequence seq when !seq.items().isEmpty() -> {
                for (YNode item : seq.items()) {
                    cmd.add(string(item, where + ": each command"));
                }
            }
            default -> throw bad(cmdNode, where + ": 'cmd' must be a command or a non-empty list of commands, not a "
                    + cmdNode.describe());
        }
        String wdir = body.get("wdir") == null ? "." : string(body.get("wdir"), where + ": 'wdir'");
        List<StageSpec.PathRef> deps = new ArrayList<>();
        if (body.get("deps") != null) {
            for (YNode item : list(body.get("deps"), where + ": 'deps'")) {
                deps.add(new StageSpec.PathRef(string(item, where + ": each dependency"), item.mark()));
            }
        }
        List<StageSpec.OutSpec> outs = new ArrayList<>();
        outs(outs, body.get("outs"), StageSpec.OutSpec.Kind.OUT, where);
        outs(outs, body.get("metrics"), StageSpec.OutSpec.Kind.METRIC, where);
        outs(outs, body.get("plots"), StageSpec.OutSpec.Kind.PLOT, where);
        return new StageSpec(name, body.mark(), cmd, wdir, deps, params(body.get("params"), where), outs,
                bool(body.get("frozen"), where + ": 'frozen'"), bool(body.get("always_changed"), where + ": 'always_changed'"),
                body.get("desc") == null ? null : string(body.get("desc"), where + ": 'desc'"));
    }

    private List<StageSpec.ParamRef> params(YNode node, String where) {
        List<StageSpec.ParamRef> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        for (YNode item : list(node, where + ": 'params'")) {
            switch (item) {
                case YNode.Scalar s when s.type() != YNode.Scalar.Type.NULL ->
                        result.add(new StageSpec.ParamRef(DEFAULT_PARAMS, List.of(s.text()), false, s.mark()));
                case YNode.Mapping m when m.entries().size() == 1 -> {
                    Map.Entry<String, YNode> e = m.entries().entrySet().iterator().next();
                    YNode keys = e.getValue();
                    if (keys instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.NULL
                            || keys instanceof YNode.Sequence seq && seq.items().isEmpty()) {
                        result.add(new StageSpec.ParamRef(e.getKey(), List.of(), true, m.mark()));
                    } else {
                        List<String> names = new ArrayList<>();
                        for (YNode k : list(keys, where + ": params of '" + e.getKey() + "'")) {
                            names.add(string(k, where + ": each parameter name"));
                        }
                        result.add(new StageSpec.ParamRef(e.getKey(), names, false, m.mark()));
                    }
                }
                default -> throw bad(item, where + ": each of 'params' must be a key of params.yaml or {file: [keys]}");
            }
        }
        return result;
    }

    private void outs(List<StageSpec.OutSpec> into, YNode node, StageSpec.OutSpec.Kind kind, String where) {
        if (node == null) {
            return;
        }
        String key = kind == StageSpec.OutSpec.Kind.OUT ? "outs" : kind == StageSpec.OutSpec.Kind.METRIC ? "metrics" : "plots";
        for (YNode item : list(node, where + ": '" + key + "'")) {
            switch (item) {
                case YNode.Scalar s when s.type() != YNode.Scalar.Type.NULL ->
                        into.add(new StageSpec.OutSpec(s.text(), kind, true, false, s.mark()));
                case YNode.Mapping m when m.entries().size() == 1 -> {
                    Map.Entry<String, YNode> e = m.entries().entrySet().iterator().next();
                    boolean cache = true;
                    boolean persist = false;
                    if (!(e.getValue() instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.NULL)) {
                        YNode.Mapping options = mapping(e.getValue(), where + ": options of '" + e.getKey() + "'");
                        for (Map.Entry<String, YNode> o : options.entries().entrySet()) {
                            if (!OUT_OPTIONS.contains(o.getKey()) && !(kind == StageSpec.OutSpec.Kind.PLOT
                                    && PLOT_OPTIONS.contains(o.getKey()))) {
                                throw bad(o.getValue(), where + ": unknown option '" + o.getKey() + "' of '" + e.getKey() + "'");
                            }
                        }
                        cache = options.get("cache") == null || bool(options.get("cache"), where + ": 'cache'");
                        persist = bool(options.get("persist"), where + ": 'persist'");
                    }
                    into.add(new StageSpec.OutSpec(e.getKey(), kind, cache, persist, m.mark()));
                }
                default -> throw bad(item, where + ": each of '" + key + "' must be a path or {path: {options}}");
            }
        }
    }

    private List<StageSpec.PathRef> pathList(YNode node, String key) {
        List<StageSpec.PathRef> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        for (YNode item : list(node, "'" + key + "'")) {
            switch (item) {
                case YNode.Scalar s when s.type() != YNode.Scalar.Type.NULL -> result.add(new StageSpec.PathRef(s.text(), s.mark()));
                case YNode.Mapping m when m.entries().size() == 1 ->
                        result.add(new StageSpec.PathRef(m.entries().keySet().iterator().next(), m.mark()));
                default -> throw bad(item, "each of '" + key + "' must be a path or {path: {options}}");
            }
        }
        return result;
    }

    private YNode require(YNode.Mapping m, String key, String where) {
        YNode n = m.get(key);
        if (n == null) {
            throw bad(m, where + ": missing required key '" + key + "'");
        }
        return n;
    }

    private YNode.Mapping mapping(YNode n, String what) {
        if (!(n instanceof YNode.Mapping m)) {
            throw bad(n, what + " must be a mapping, not a " + n.describe());
        }
        return m;
    }

    private List<YNode> list(YNode n, String what) {
        if (!(n instanceof YNode.Sequence seq)) {
            throw bad(n, what + " must be a list, not a " + n.describe());
        }
        return seq.items();
    }

    private String string(YNode n, String what) {
        if (!(n instanceof YNode.Scalar s) || s.type() == YNode.Scalar.Type.NULL) {
            throw bad(n, what + " must be a string, not a " + n.describe());
        }
        return s.text();
    }

    private boolean bool(YNode n, String what) {
        if (n == null) {
            return false;
        }
        if (n instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.BOOL) {
            return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
        }
        throw bad(n, what + " must be true or false, not a " + n.describe());
    }

    private CairnException bad(YNode at, String message) {
        String where = at != null && at.mark() != null ? at.mark().toString() : shown;
        return CairnException.badInput(where + ": " + message);
    }

    private String sibling(String name) {
        Path parent = Path.of(shown).getParent();
        return parent == null ? name : parent.resolve(name).toString();
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", new java.util.TreeSet<>(keys));
    }
}
