package dev.cairn.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A {@code .cairn} file: the outputs it tracks and any other top-level keys, kept as read.
 *
 * @param file where it lives (absolute)
 */
public record Manifest(Path file, List<Output> outs, LinkedHashMap<String, YNode> extra) {

    public Manifest {
        outs = List.copyOf(outs);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Path dir() {
        return file.getParent();
    }

    public Manifest withOuts(List<Output> newOuts) {
        return new Manifest(file, newOuts, extra);
    }
}
