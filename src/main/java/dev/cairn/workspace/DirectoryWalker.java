package dev.cairn.workspace;

import dev.cairn.hash.FileStat;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.IoErrors;
import dev.cairn.util.Workers;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RecursiveTask;

/**
 * Lists the files of a tracked directory, subdirectories in parallel, skipping what
 * {@code .cairnignore} ignores. Symlinked files count as the files they point to; symlinked
 * directories and special files are not followed. Cairn's own temporary files are skipped.
 */
public final class DirectoryWalker {

    private final Workers workers;
    private final String ignoreFileName;
    private final boolean removeStaleTemps;

    /** @param removeStaleTemps delete temporary files found on the way (only under the repository lock) */
    public DirectoryWalker(Workers workers, String ignoreFileName, boolean removeStaleTemps) {
        this.workers = workers;
        this.ignoreFileName = ignoreFileName;
        this.removeStaleTemps = removeStaleTemps;
    }

    public List<WorkspaceFile> walk(Path dir, IgnoreStack ignores) {
        return workers.invoke(new DirTask(dir, "", ignores));
    }

    private final class DirTask extends RecursiveTask<List<WorkspaceFile>> {
        private final Path dir;
        private final String prefix;
        private final IgnoreStack ignores;

        DirTask(Path dir, String prefix, IgnoreStack ignores) {
            this.dir = dir;
            this.prefix = prefix;
            this.ignores = ignores;
        }

        @Override
        protected List<WorkspaceFile> compute() {
            IgnoreStack here = ignores.enter(dir, ignoreFileName);
            List<WorkspaceFile> files = new ArrayList<>();
            List<DirTask> subtasks = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (AtomicFiles.isTemp(name)) {
                        if (removeStaleTemps) {
                            AtomicFiles.deleteQuietly(p); // left by a command that was killed
                        }
                        continue;
                    }
                    FileStat stat;
                    try {
                        stat = FileStat.of(p, false);
                        if (stat.isSymbolicLink()) {
                            stat = FileStat.of(p, true);
                            if (stat.isDirectory()) {
                                continue;
                            }
                        }
                    } catch (NoSuchFileException e) {
                        continue; // deleted while we looked
                    }
                    boolean isDir = stat.isDirectory();
                    if (!isDir && !stat.isRegularFile()) {
                        continue;
                    }
                    if (here.isIgnored(p, isDir)) {
                        continue;
                    }
                    if (isDir) {
                        DirTask t = new DirTask(p, prefix + name + "/", here);
                        t.fork();
                        subtasks.add(t);
                    } else {
                        files.add(new WorkspaceFile(prefix + name, p, stat));
                    }
                }
            } catch (IOException e) {
                throw IoErrors.failure("list", dir, e);
            }
            for (DirTask t : subtasks) {
                files.addAll(t.join());
            }
            return files;
        }
    }
}
