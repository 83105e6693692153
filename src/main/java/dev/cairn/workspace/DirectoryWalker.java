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
 * Lists the files below a directory, subdirectories in parallel, skipping what
 * {@code .cairnignore} ignores. Symlinked directories and special files are not followed, and
 * Cairn's own temporary files are skipped. {@link Rules} say the rest: a tracked directory counts
 * symlinked files as the files they point to and fails on what it cannot read; the search for
 * manifests skips some directories, symlinks and what it cannot read.
 */
public final class DirectoryWalker {

    /**
     * @param followFileLinks a symlinked file counts as the file it points to (else it is skipped)
     * @param skipUnreadable  a directory or file that cannot be read is left out (else the walk fails)
     * @param skipDirectory   subdirectories left out besides the ignored ones
     */
    public record Rules(boolean followFileLinks, boolean skipUnreadable, java.util.function.Predicate<Path> skipDirectory) {
        /** A tracked directory's: every file, through symlinks, and nothing unreadable. */
        public static final Rules TRACKED = new Rules(true, false, dir -> false);
    }

    private final Workers workers;
    private final String ignoreFileName;
    private final boolean removeStaleTemps;
    private final Rules rules;

    /**
     * @param ignoreFileName   the ignore file read in each directory; null to read none
     * @param removeStaleTemps delete temporary files found on the way (only under the repository lock)
     */
    public DirectoryWalker(Workers workers, String ignoreFileName, boolean removeStaleTemps, Rules rules) {
        this.workers = workers;
        this.ignoreFileName = ignoreFileName;
        this.removeStaleTemps = removeStaleTemps;
        this.rules = rules;
    }

    public List<WorkspaceFile> walk(Path dir, IgnoreStack ignores) {
        return workers.invokeIo(new DirTask(dir, "", ignores));
    }

    /** Entries of one directory stat-ed by one task; a larger directory is split among the workers. */
    private static final int STAT_BATCH = 2048;

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
            IgnoreStack here = ignoreFileName == null ? ignores : ignores.enter(dir, ignoreFileName);
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    if (AtomicFiles.isTemp(p.getFileName().toString())) {
                        if (removeStaleTemps) {
                            AtomicFiles.deleteQuietly(p); // left by a command that was killed
                        }
                        continue;
                    }
                    entries.add(p);
                }
            } catch (IOException e) {
                if (rules.skipUnreadable()) {
                    return new ArrayList<>();
                }
                throw IoErrors.failure("list", dir, e);
            }
            List<DirTask> subtasks = new ArrayList<>();
            List<WorkspaceFile> files = new StatTask(entries, 0, entries.size(), here, subtasks).compute();
            for (DirTask t : subtasks) {
                files.addAll(t.join());
            }
            return files;
        }

        /** Stats entries [from, to) of the directory, forking a task for each subdirectory found. */
        private final class StatTask extends RecursiveTask<List<WorkspaceFile>> {
            private final List<Path> entries;
            private final int from;
            private final int to;
            private final IgnoreStack here;
            private final List<DirTask> subtasks;

            StatTask(List<Path> entries, int from, int to, IgnoreStack here, List<DirTask> subtasks) {
                this.entries = entries;
                this.from = from;
                this.to = to;
                this.here = here;
                this.subtasks = subtasks;
            }

            @Override
            protected List<WorkspaceFile> compute() {
                if (to - from > STAT_BATCH) {
                    int mid = (from + to) >>> 1;
                    StatTask right = new StatTask(entries, mid, to, here, subtasks);
                    right.fork();
                    List<WorkspaceFile> files = new StatTask(entries, from, mid, here, subtasks).compute();
                    files.addAll(right.join());
                    return files;
                }
                List<WorkspaceFile> files = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    Path p = entries.get(i);
                    FileStat stat;
                    try {
                        stat = FileStat.of(p, false);
                        if (stat.isSymbolicLink()) {
                            if (!rules.followFileLinks()) {
                                continue;
                            }
                            stat = FileStat.of(p, true);
                            if (stat.isDirectory()) {
                                continue;
                            }
                        }
                    } catch (NoSuchFileException e) {
                        continue; // deleted while we looked
                    } catch (IOException e) {
                        if (rules.skipUnreadable()) {
                            continue;
                        }
                        throw IoErrors.failure("read", p, e);
                    }
                    boolean isDir = stat.isDirectory();
                    if ((!isDir && !stat.isRegularFile()) || here.isIgnored(p, isDir)
                            || (isDir && rules.skipDirectory().test(p))) {
                        continue;
                    }
                    String name = p.getFileName().toString();
                    if (isDir) {
                        DirTask t = new DirTask(p, prefix + name + "/", here);
                        t.fork();
                        synchronized (subtasks) {
                            subtasks.add(t);
                        }
                    } else {
                        files.add(new WorkspaceFile(prefix + name, p, stat));
                    }
                }
                return files;
            }
        }
    }
}
