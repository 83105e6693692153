package dev.cairn.repo;

import dev.cairn.util.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A Cairn repository: its root, its metadata directory, its Git work tree (if any) and config. */
public final class Repository {

    private final Path root;
    private final Layout layout;
    private final Path gitRoot;
    private Config config;

    public Repository(Path root, Layout layout, Path gitRoot) {
        this.root = root.toAbsolutePath().normalize();
        this.layout = layout;
        this.gitRoot = gitRoot;
    }

    /** A repository whose configuration is given, not read from disk (e.g. as a Git revision holds it). */
    public Repository(Path root, Layout layout, Path gitRoot, Config config) {
        this(root, layout, gitRoot);
        this.config = config;
    }

    /** Finds the repository that holds {@code start}, walking up; fails with a hint when none does. */
    public static Repository discover(Path start, Layout layout) {
        Path dir = start.toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(layout.metaDir()))) {
                return new Repository(p, layout, findGitRoot(p).orElse(null));
            }
        }
        throw CairnException.state("not a Cairn repository (or any parent up to /): " + dir
                + "\nhint: run 'cairn init' at the top of your Git work tree");
    }

    /** The nearest directory at or above {@code start} that holds {@code .git} (a directory or file). */
    public static Optional<Path> findGitRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Path root() {
        return root;
    }

    public Layout layout() {
        return layout;
    }

    /** The Git work tree Cairn works with: none when there is none, or when {@code core.no_scm} is set. */
    public Optional<Path> gitRoot() {
        if (gitRoot == null || "true".equalsIgnoreCase(config().getString("core", "no_scm", "false"))) {
            return Optional.empty();
        }
        return Optional.of(gitRoot);
    }

    public Path metaDir() {
        return root.resolve(layout.metaDir());
    }

    public Path cacheDir() {
        return metaDir().resolve("cache");
    }

    public Path tmpDir() {
        return metaDir().resolve("tmp");
    }

    public synchronized Config config() {
        if (config == null) {
            config = Config.load(metaDir());
        }
        return config;
    }

    /** The POSIX path of {@code path} relative to the root, as manifests and messages show it. */
    public String relative(Path path) {
        return dev.cairn.util.SafePaths.toPosix(root.relativize(path.toAbsolutePath().normalize()));
    }

    /** Whether {@code path} lies in the metadata directory or in {@code .git}. */
    public boolean isInternal(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(metaDir()) || p.startsWith(root.resolve(".git"))
                || (gitRoot != null && p.startsWith(gitRoot.resolve(".git")));
    }
}
