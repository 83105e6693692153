package dev.cairn.manifest;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed and expanded pipeline file.
 *
 * @param file       absolute path of the pipeline file
 * @param metrics    the top-level {@code metrics} list (paths relative to the file's directory)
 * @param plots      the top-level {@code plots} list
 * @param params     the top-level {@code params} list: params files
 */
public record PipelineDoc(Path file, List<StageSpec> stages, List<StageSpec.PathRef> params,
                          List<StageSpec.PathRef> metrics, List<StageSpec.PathRef> plots) {

    public PipelineDoc {
        stages = List.copyOf(stages);
    }

    public Path dir() {
        return file.getParent();
    }
}
