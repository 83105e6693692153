package dev.cairn.app;

import dev.cairn.manifest.PipelineDoc;
import dev.cairn.manifest.PipelineFile;
import dev.cairn.manifest.StageSpec;
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
import java.util.Optional;
import java.util.Set;

/**
 * Which params and metrics files a revision declares: {@code params.yaml} at the root (when it
 * exists) and the params and metrics of the root {@code pipeline.yaml}'s stages and top level,
 * read through the pipeline model (templating included) from the workspace or a Git revision.
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
        Optional<String> text = files.text(PIPELINE);
        if (text.isPresent()) {
            YNode root = YamlReader.parseCore(text.get(), files.shown(PIPELINE));
            if (root != null && !(root instanceof YNode.Mapping)) {
                throw CairnException.badInput(root.mark() + ": a pipeline file must be a mapping");
            }
            // a virtual root: only relative positions matter, and every path is checked to stay inside
            Path base = Path.of("/").resolve("repository");
            PipelineDoc doc = PipelineFile.parse(base.resolve(PIPELINE), files.shown(PIPELINE),
                    root == null ? new YNode.Mapping(new LinkedHashMap<>(), null) : (YNode.Mapping) root,
                    p -> files.text(SafePaths.toPosix(base.relativize(p))));
            doc.params().forEach(p -> whole.add(path(base, base, p.path(), p.mark())));
            doc.metrics().forEach(m -> metrics.add(path(base, base, m.path(), m.mark())));
            for (StageSpec stage : doc.stages()) {
                Path wdir = SafePaths.resolveInside(base, base, stage.wdir(), stage.mark().toString());
                for (StageSpec.ParamRef ref : stage.params()) {
                    String file = path(base, wdir, ref.file(), ref.mark());
                    if (ref.whole()) {
                        whole.add(file);
                    } else {
                        keys.computeIfAbsent(file, k -> new LinkedHashSet<>()).addAll(ref.keys());
                    }
                }
                for (StageSpec.OutSpec out : stage.outs()) {
                    if (out.kind() == StageSpec.OutSpec.Kind.METRIC) {
                        metrics.add(path(base, wdir, out.path(), out.mark()));
                    }
                }
            }
        }
        // params.yaml is read whole unless stages name the keys they use from it
        if (!keys.containsKey(DEFAULT_PARAMS) && files.bytes(DEFAULT_PARAMS).isPresent()) {
            whole.add(DEFAULT_PARAMS);
        }
        List<ParamsUse> params = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>(keys.keySet());
        all.addAll(whole);
        for (String path : all) {
            params.add(whole.contains(path) ? new ParamsUse(path, true, Set.of()) : new ParamsUse(path, false, keys.get(path)));
        }
        return new Declared(params, List.copyOf(metrics));
    }

    private static String path(Path root, Path dir, String path, YNode.Mark mark) {
        return SafePaths.toPosix(root.relativize(SafePaths.resolveInside(root, dir, path, String.valueOf(mark))));
    }
}
