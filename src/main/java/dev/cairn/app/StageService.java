package dev.cairn.app;

import dev.cairn.manifest.PipelineFile;
import dev.cairn.manifest.YNode;
import dev.cairn.manifest.YamlReader;
import dev.cairn.manifest.YamlWriter;
import dev.cairn.pipeline.Stage;
import dev.cairn.util.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** {@code cairn stage add}, {@code freeze} and {@code unfreeze}: edits to the pipeline file. */
public final class StageService {

    /** A new stage as given on the command line; paths relative to {@code wdir}. */
    public record NewStage(String name, String cmd, String wdir, List<String> deps, List<String> params,
                           List<String> outs, List<String> outsNoCache, List<String> metrics,
                           List<String> metricsNoCache, List<String> plots, String desc, boolean alwaysChanged) {
    }

    private final Session session;

    public StageService(Session session) {
        this.session = session;
    }

    /** Adds (or with {@code force} replaces) a stage in the pipeline file of the working directory's repository root. */
    public Path add(NewStage stage, boolean force) {
        Path file = session.repo().root().resolve(session.repo().layout().pipelineFile());
        String shown = session.repo().relative(file);
        YNode.Mapping root = Files.isRegularFile(file) ? PipelineFile.readRaw(file, shown)
                : new YNode.Mapping(new LinkedHashMap<>(), null);
        LinkedHashMap<String, YNode> top = new LinkedHashMap<>(root.entries());
        LinkedHashMap<String, YNode> stages = top.get("stages") instanceof YNode.Mapping m
                ? new LinkedHashMap<>(m.entries()) : new LinkedHashMap<>();
        if (stages.containsKey(stage.name()) && !force) {
            throw CairnException.badInput("stage '" + stage.name() + "' already exists in " + shown + "; use -f to replace it");
        }
        LinkedHashMap<String, YNode> body = new LinkedHashMap<>();
        body.put("cmd", YNode.Scalar.ofString(stage.cmd()));
        if (stage.wdir() != null && !stage.wdir().equals(".")) {
            body.put("wdir", YNode.Scalar.ofString(stage.wdir()));
        }
        putList(body, "deps", stage.deps().stream().map(d -> (YNode) YNode.Scalar.ofString(d)).toList());
        putList(body, "params", params(stage.params()));
        putList(body, "outs", outs(stage.outs(), stage.outsNoCache()));
        putList(body, "metrics", outs(stage.metrics(), stage.metricsNoCache()));
        putList(body, "plots", outs(stage.plots(), List.of()));
        if (stage.desc() != null) {
            body.put("desc", YNode.Scalar.ofString(stage.desc()));
        }
        if (stage.alwaysChanged()) {
            body.put("always_changed", YNode.Scalar.ofBool(true));
        }
        stages.put(stage.name(), new YNode.Mapping(body, null));
        top.put("stages", new YNode.Mapping(stages, null));
        // read back what will be written, so that errors point into the new file
        YNode.Mapping updated = (YNode.Mapping) YamlReader.parseCore(YamlWriter.write(new YNode.Mapping(top, null)), shown);
        Stage added = session.pipelines().check(file, updated).find(stage.name());
        for (Stage.Out out : added.outs()) {
            if (Files.exists(session.manifests().manifestFor(out.path()))) {
                throw CairnException.badInput("'" + out.key() + "' is already tracked by "
                        + session.repo().relative(session.manifests().manifestFor(out.path()))
                        + "; remove that manifest first (cairn remove)");
            }
        }
        PipelineFile.write(file, updated);
        session.pipelines().reload();
        return file;
    }

    private static void putList(LinkedHashMap<String, YNode> body, String key, List<YNode> items) {
        if (!items.isEmpty()) {
            body.put(key, new YNode.Sequence(items, null));
        }
    }

    /** {@code -p lr,epochs} keys of params.yaml; {@code -p other.yaml:a,b} keys of another file. */
    private static List<YNode> params(List<String> specs) {
        LinkedHashMap<String, List<YNode>> byFile = new LinkedHashMap<>();
        List<YNode> result = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String file = colon < 0 ? null : spec.substring(0, colon);
            String keys = colon < 0 ? spec : spec.substring(colon + 1);
            for (String key : keys.split(",")) {
                if (key.isBlank()) {
                    continue;
                }
                if (file == null) {
                    result.add(YNode.Scalar.ofString(key.strip()));
                } else {
                    byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(YNode.Scalar.ofString(key.strip()));
                }
            }
            if (file != null && keys.isBlank()) {
                byFile.computeIfAbsent(file, f -> new ArrayList<>());
            }
        }
        byFile.forEach((file, keys) -> {
            LinkedHashMap<String, YNode> m = new LinkedHashMap<>();
            m.put(file, new YNode.Sequence(keys, null));
            result.add(new YNode.Mapping(m, null));
        });
        return result;
    }

    private static List<YNode> outs(List<String> cached, List<String> notCached) {
        List<YNode> result = new ArrayList<>();
        cached.forEach(p -> result.add(YNode.Scalar.ofString(p)));
        for (String p : notCached) {
            LinkedHashMap<String, YNode> options = new LinkedHashMap<>();
            options.put("cache", YNode.Scalar.ofBool(false));
            LinkedHashMap<String, YNode> m = new LinkedHashMap<>();
            m.put(p, new YNode.Mapping(options, null));
            result.add(new YNode.Mapping(m, null));
        }
        return result;
    }

    /** Sets or clears {@code frozen} on stages; returns the stages changed. */
    public List<Stage> setFrozen(List<String> targets, boolean frozen) {
        List<Stage> changed = new ArrayList<>();
        for (Stage s : session.pipelines().resolve(targets)) {
            if (s.name().contains("@")) {
                throw CairnException.badInput("stage '" + s + "' is generated by foreach or matrix; freeze its definition '"
                        + s.name().substring(0, s.name().indexOf('@')) + "' by adding 'frozen: true' under 'do'");
            }
            YNode.Mapping root = PipelineFile.readRaw(s.pipelineFile(), session.repo().relative(s.pipelineFile()));
            LinkedHashMap<String, YNode> top = new LinkedHashMap<>(root.entries());
            LinkedHashMap<String, YNode> stages = new LinkedHashMap<>(((YNode.Mapping) top.get("stages")).entries());
            LinkedHashMap<String, YNode> body = new LinkedHashMap<>(((YNode.Mapping) stages.get(s.name())).entries());
            if (frozen == s.spec().frozen()) {
                continue;
            }
            if (frozen) {
                body.put("frozen", YNode.Scalar.ofBool(true));
            } else {
                body.remove("frozen");
            }
            stages.put(s.name(), new YNode.Mapping(body, null));
            top.put("stages", new YNode.Mapping(stages, null));
            PipelineFile.write(s.pipelineFile(), new YNode.Mapping(top, null));
            changed.add(s);
        }
        session.pipelines().reload();
        return changed;
    }
}
