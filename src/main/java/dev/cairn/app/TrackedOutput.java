package dev.cairn.app;

import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.Output;
import java.nio.file.Path;

/**
 * An output of a manifest with its resolved location.
 *
 * @param path absolute, checked to lie inside the repository
 * @param key  its repository-relative POSIX path
 */
public record TrackedOutput(Manifest manifest, Output out, Path path, String key) {
}
