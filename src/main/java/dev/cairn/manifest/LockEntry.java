package dev.cairn.manifest;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What {@code pipeline.lock} records for one stage after it ran.
 *
 * @param deps   dependencies with their hashes, sorted by path
 * @param params params file → dotted key → value
 * @param outs   outputs with their hashes, sorted by path
 */
public record LockEntry(List<String> cmd, List<Output> deps, LinkedHashMap<String, LinkedHashMap<String, YNode>> params,
                        List<Output> outs) {

    public LockEntry {
        cmd = List.copyOf(cmd);
        deps = List.copyOf(deps);
        outs = List.copyOf(outs);
    }
}
