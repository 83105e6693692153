package dev.cairn.pipeline;

import dev.cairn.manifest.StageSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A stage placed in the repository: its definition with every path resolved and checked.
 *
 * @param address  how users name it: the stage name, prefixed with its pipeline file when that
 *                 is not the root one ({@code sub/pipeline.yaml:train})
 * @param wdir     absolute working directory
 * @param deps     absolute dependency paths, in the order of {@code spec.deps()}
 * @param outs     outputs, metrics and plots
 * @param params   params files and keys, resolved
 */
public record Stage(String address, StageSpec spec, Path pipelineFile, Path lockFile, Path wdir, List<Path> deps,
                    List<Out> outs, List<Params> params) {

    /** An output with its absolute path and its repository-relative key. */
    public record Out(Path path, String key, StageSpec.OutSpec spec) {
    }

    /** Params read from one file: its absolute path, its name as the lock records it, and the keys. */
    public record Params(Path file, String name, StageSpec.ParamRef ref) {
    }

    public Stage {
        deps = List.copyOf(deps);
        outs = List.copyOf(outs);
        params = List.copyOf(params);
    }

    /** A path as the lock file records it: as written, normalized, with POSIX separators. */
    public static String lockPath(String written) {
        return dev.cairn.util.SafePaths.toPosix(Path.of(written.replace('\\', '/')).normalize());
    }

    public String name() {
        return spec.name();
    }

    @Override
    public String toString() {
        return address;
    }
}
