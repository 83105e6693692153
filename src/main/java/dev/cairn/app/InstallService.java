package dev.cairn.app;

import dev.cairn.git.GitAttributesFile;
import dev.cairn.git.GitHooks;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn install}: Git hooks that keep the data in step with Git (checkout after a branch
 * switch, push before a Git push, a warning before a commit that leaves data unrecorded) and the
 * merge driver for manifests. {@code --uninstall} takes back exactly what Cairn added.
 */
public final class InstallService {

    /** What was done, one line per change; empty when nothing needed doing. */
    public record Result(List<String> changes, Path hooksDir) {
    }

    private final Session session;

    public InstallService(Session session) {
        this.session = session;
    }

    public Result install() {
        Repository repo = session.repo();
        Path gitRoot = gitRoot();
        List<String> changes = new ArrayList<>();
        try (GitHooks hooks = GitHooks.open(gitRoot, home())) {
            // hooks first: they refuse before changing anything, so a refusal leaves no trace
            changes.addAll(hooks.installHooks(SafePaths.toPosix(gitRoot.relativize(repo.root())),
                    repo.layout().metaDir()));
            if (hooks.registerMergeDriver()) {
                changes.add("registered the merge driver '" + GitHooks.DRIVER + "' in " + hooks.configFile());
            }
            String line = GitAttributesFile.mergeLine(repo.layout().manifestSuffix());
            if (GitAttributesFile.add(repo.root(), line)) {
                changes.add("added '" + line + "' to " + repo.relative(repo.root().resolve(".gitattributes")));
            }
            return new Result(changes, hooks.hooksDir());
        }
    }

    public Result uninstall() {
        Repository repo = session.repo();
        List<String> changes = new ArrayList<>();
        try (GitHooks hooks = GitHooks.open(gitRoot(), home())) {
            changes.addAll(hooks.uninstallHooks());
            if (hooks.unregisterMergeDriver()) {
                changes.add("removed the merge driver '" + GitHooks.DRIVER + "' from " + hooks.configFile());
            }
            String line = GitAttributesFile.mergeLine(repo.layout().manifestSuffix());
            if (GitAttributesFile.remove(repo.root(), line)) {
                changes.add("removed '" + line + "' from " + repo.relative(repo.root().resolve(".gitattributes")));
            }
            return new Result(changes, hooks.hooksDir());
        }
    }

    private Path gitRoot() {
        return session.repo().gitRoot().orElseThrow(() -> CairnException.state(
                "hooks need Git, and " + session.repo().root() + " is not in a Git work tree (or core.no_scm is set)"));
    }

    /** Expands {@code ~} in {@code core.hooksPath}, as Git does. */
    private Path home() {
        String home = session.context().env().get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }
}
