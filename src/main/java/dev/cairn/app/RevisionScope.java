package dev.cairn.app;

import java.time.Instant;
import java.util.List;

/**
 * Which revisions a command covers (DVC's {@code -w/-a/-T/-A/--rev/--date}).
 *
 * @param workspace   the manifests and lock files of the work tree
 * @param allBranches every branch tip
 * @param allTags     every tag
 * @param allCommits  every commit reachable from a branch or tag
 * @param revs        named revisions
 * @param since       with {@code allCommits}, only commits made at or after it; null for no limit
 */
public record RevisionScope(boolean workspace, boolean allBranches, boolean allTags, boolean allCommits,
                            List<String> revs, Instant since) {

    public RevisionScope {
        revs = revs == null ? List.of() : List.copyOf(revs);
    }

    public static RevisionScope workspaceOnly() {
        return new RevisionScope(true, false, false, false, List.of(), null);
    }

    public boolean needsGit() {
        return allBranches || allTags || allCommits || !revs.isEmpty() || since != null;
    }

    public boolean isEmpty() {
        return !workspace && !needsGit();
    }
}
