package dev.cairn.repo;

/**
 * The names of Cairn's files and directories. Everything that needs one asks the layout, so that a
 * DVC layout ({@code .dvc}, {@code dvc.yaml}) can open DVC repositories with the same code.
 */
public record Layout(String metaDir, String manifestSuffix, String pipelineFile, String lockFile, String ignoreFile) {

    public static final Layout CAIRN = new Layout(".cairn", ".cairn", "pipeline.yaml", "pipeline.lock", ".cairnignore");

    /** Whether a file of this name is a manifest; a temporary file being written as one is not. */
    public boolean isManifestName(String fileName) {
        return fileName.endsWith(manifestSuffix) && fileName.length() > manifestSuffix.length()
                && !dev.cairn.util.AtomicFiles.isTemp(fileName);
    }
}
