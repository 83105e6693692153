package dev.cairn.manifest;

import java.util.List;

/**
 * One stage of a pipeline file after templating, as written (paths relative to its wdir).
 *
 * @param cmd   the commands, run in order
 * @param wdir  the working directory relative to the pipeline file's directory ("." by default)
 */
public record StageSpec(String name, YNode.Mark mark, List<String> cmd, String wdir, List<PathRef> deps,
                        List<ParamRef> params, List<OutSpec> outs, boolean frozen, boolean alwaysChanged,
                        String desc) {

    /** A dependency path and where it was written. */
    public record PathRef(String path, YNode.Mark mark) {
    }

    /**
     * Parameters read from one params file.
     *
     * @param keys  dotted keys; empty with {@code whole} for the entire file
     */
    public record ParamRef(String file, List<String> keys, boolean whole, YNode.Mark mark) {
    }

    /** An output, metric or plot. */
    public record OutSpec(String path, Kind kind, boolean cache, boolean persist, YNode.Mark mark) {
        public enum Kind { OUT, METRIC, PLOT }
    }

    public StageSpec {
        cmd = List.copyOf(cmd);
        deps = List.copyOf(deps);
        params = List.copyOf(params);
        outs = List.copyOf(outs);
    }
}
