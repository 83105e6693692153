package dev.cairn.workspace;

import dev.cairn.hash.FileStat;
import java.nio.file.Path;

/** A file found in a tracked directory: its relpath inside the directory, its path and stat data. */
public record WorkspaceFile(String relpath, Path path, FileStat stat) {
}
