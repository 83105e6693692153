package dev.cairn.app;

import dev.cairn.repo.Layout;
import dev.cairn.repo.Repository;
import dev.cairn.repo.RunContext;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code cairn init}: creates the metadata directory at the top of the Git work tree. */
public final class InitService {

    /** Where the repository was created, and whether it is tied to Git. */
    public record Initialized(Path root, boolean scm, boolean reinitialized) {
    }

    private final Layout layout;

    public InitService(Layout layout) {
        this.layout = layout;
    }

    public Initialized init(RunContext context, boolean noScm, boolean force) {
        Optional<Path> gitRoot = Repository.findGitRoot(context.cwd());
        if (!noScm && gitRoot.isEmpty()) {
            throw CairnException.state(context.cwd() + " is not inside a Git work tree"
                    + "\nhint: run 'git init' first, or 'cairn init --no-scm' to use Cairn without Git");
        }
        // From a subdirectory, the repository still belongs at the top of the work tree.
        Path root = noScm ? context.cwd() : gitRoot.get();
        Path meta = root.resolve(layout.metaDir());
        boolean exists = Files.exists(meta);
        if (exists && !force) {
            throw CairnException.state("'" + meta + "' exists already\nhint: use 'cairn init -f' to reinitialise (the cache is kept)");
        }
        if (Files.exists(meta) && !Files.isDirectory(meta)) {
            throw CairnException.state("'" + meta + "' exists and is not a directory");
        }
        AtomicFiles.createDirectories(meta.resolve("cache"));
        AtomicFiles.createDirectories(meta.resolve("tmp"));
        if (!Files.exists(meta.resolve("config"))) {
            AtomicFiles.write(meta.resolve("config"), noScm ? "[core]\n    no_scm = True\n" : "");
        }
        AtomicFiles.write(meta.resolve(".gitignore"), "/config.local\n/tmp\n/cache\n");
        Path ignore = root.resolve(layout.ignoreFile());
        if (!Files.exists(ignore)) {
            AtomicFiles.write(ignore, "# Add patterns of files Cairn should ignore inside tracked directories,\n"
                    + "# in .gitignore syntax. Patterns are relative to the folder of this file.\n");
        }
        return new Initialized(root, !noScm, exists);
    }
}
