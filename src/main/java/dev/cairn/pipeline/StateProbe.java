package dev.cairn.pipeline;

import dev.cairn.manifest.Output;
import dev.cairn.manifest.YNode;
import java.nio.file.Path;

/** How change detection sees the workspace: hashes of paths and values of params files. */
public interface StateProbe {

    /** The current hash, size and file count of a path; null when it does not exist. */
    Output observe(Path path);

    /** A params file's values; an absent file gives null. */
    YNode.Mapping params(Path file);
}
