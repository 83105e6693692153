package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The outputs that the stages of a pipeline file declare ({@code outs}, {@code metrics}, {@code plots}). */
public final class PipelineOutputs {

    /** One declared output: the stage that writes it and its path relative to the pipeline file. */
    public record Declared(String stage, String path, YNode.Mark mark) {
    }

    private PipelineOutputs() {
    }

    public static List<Declared> read(Path file, String shownName) {
        List<Declared> result = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        YNode root = YamlReader.parse(ManifestCodec.readText(file, shownName), shownName);
        if (root == null) {
            return result;
        }
        if (!(root instanceof YNode.Mapping top)) {
            throw CairnException.badInput(root.mark() + ": a pipeline file must be a mapping");
        }
        YNode stages = top.get("stages");
        if (stages == null) {
            return result;
        }
        if (!(stages instanceof YNode.Mapping stageMap)) {
            throw CairnException.badInput(stages.mark() + ": 'stages' must be a mapping");
        }
        for (Map.Entry<String, YNode> stage : stageMap.entries().entrySet()) {
            if (!(stage.getValue() instanceof YNode.Mapping body)) {
                continue;
            }
            for (String kind : List.of("outs", "metrics", "plots")) {
                if (body.get(kind) instanceof YNode.Sequence seq) {
                    for (YNode item : seq.items()) {
                        String path = switch (item) {
                            case YNode.Scalar s -> s.text();
                            case YNode.Mapping m when m.entries().size() == 1 -> m.entries().keySet().iterator().next();
                            default -> throw CairnException.badInput(item.mark() + ": stage '" + stage.getKey()
                                    + "': each of '" + kind + "' must be a path or {path: {options}}");
                        };
                        result.add(new Declared(stage.getKey(), path, item.mark()));
                    }
                }
            }
        }
        return result;
    }
}
