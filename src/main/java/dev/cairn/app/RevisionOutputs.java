package dev.cairn.app;

import dev.cairn.git.GitRevisions;
import dev.cairn.hash.ObjectId;
import dev.cairn.manifest.LockEntry;
import dev.cairn.manifest.LockFile;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.PipelineDoc;
import dev.cairn.manifest.PipelineFile;
import dev.cairn.manifest.StageSpec;
import dev.cairn.manifest.YNode;
import dev.cairn.manifest.YamlReader;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outputs a revision records: what its manifests and lock files name, read from Git without
 * touching the work tree. Gc, push, fetch and diff over revisions all start here.
 */
public final class RevisionOutputs {

    /**
     * One recorded output.
     *
     * @param revision "workspace" or the commit id it was read at
     * @param path     repository-relative POSIX path
     */
    public record Recorded(String revision, String path, ObjectId id) {
    }

    private RevisionOutputs() {
    }

    /** The cached outputs of the workspace's manifests and lock files. */
    public static List<Recorded> workspace(Session session, List<Path> targets, boolean honourIgnores) {
        List<Recorded> result = new ArrayList<>();
        for (TrackedOutput t : session.manifests().resolveTargets(targets, honourIgnores)) {
            if (t.out().id() != null && t.out().cached()) {
                result.add(new Recorded("workspace", t.key(), t.out().id()));
            }
        }
        return result;
    }

    /** The workspace's outputs (when the scope includes it) and those of every revision the scope names. */
    public static List<Recorded> inScope(Session session, RevisionScope scope, List<Path> targets, boolean honourIgnores) {
        Set<Recorded> result = new LinkedHashSet<>();
        if (scope.workspace()) {
            result.addAll(workspace(session, targets, honourIgnores));
        }
        if (scope.needsGit()) {
            if (session.repo().gitRoot().isEmpty()) {
                throw CairnException.badInput("-a, -T, -A, --rev and --date need a Git repository");
            }
            try (GitRevisions git = GitRevisions.open(session.repo().root())) {
                for (String commit : git.commits(scope.allBranches(), scope.allTags(), scope.allCommits(), scope.revs(), scope.since())) {
                    for (Recorded r : at(session.repo(), git, commit)) {
                        if (targets.isEmpty() || targets.stream().anyMatch(t -> under(session.repo(), r.path(), t))) {
                            result.add(r);
                        }
                    }
                }
            }
        }
        return List.copyOf(result);
    }

    private static boolean under(Repository repo, String path, Path target) {
        String t = repo.relative(target);
        String p = t.endsWith(repo.layout().manifestSuffix()) ? t.substring(0, t.length() - repo.layout().manifestSuffix().length()) : t;
        return p.isEmpty() || path.equals(p) || path.startsWith(p + "/");
    }

    /** The cached outputs that the manifests and lock files of commit {@code rev} record. */
    public static List<Recorded> at(Repository repo, GitRevisions git, String rev) {
        String prefix = SafePaths.toPosix(git.workTree().relativize(repo.root()));
        String suffix = repo.layout().manifestSuffix();
        String lockName = repo.layout().lockFile();
        RevisionFiles files = RevisionFiles.git(git, rev, repo.root());
        List<Recorded> result = new ArrayList<>();
        for (String gitPath : git.files(rev, prefix, name -> name.endsWith(suffix) || name.equals(lockName))) {
            String rel = prefix.isEmpty() ? gitPath : gitPath.substring(prefix.length() + 1);
            if (rel.startsWith(repo.layout().metaDir() + "/")) {
                continue;
            }
            Path file = repo.root().resolve(rel);
            String text = files.text(rel).orElse("");
            if (file.getFileName().toString().equals(lockName)) {
                lockOutputs(repo, files, rev, file, text, result);
            } else {
                Manifest m = ManifestCodec.parse(text, file, files.shown(rel));
                for (Output o : m.outs()) {
                    if (o.id() != null && o.cached()) {
                        Path p = SafePaths.resolveInside(repo.root(), file.getParent(), o.path(), files.shown(rel));
                        result.add(new Recorded(rev, repo.relative(p), o.id()));
                    }
                }
            }
        }
        return result;
    }

    /** A lock file's outputs, less those its pipeline file at the same revision marks {@code cache: false}. */
    private static void lockOutputs(Repository repo, RevisionFiles files, String rev, Path lock, String text, List<Recorded> into) {
        String lockRel = repo.relative(lock);
        Path dir = lock.getParent();
        Map<String, Path> wdirs = new HashMap<>();
        Set<String> uncached = new LinkedHashSet<>();
        String pipelineRel = repo.relative(dir.resolve(repo.layout().pipelineFile()));
        try {
            files.text(pipelineRel).ifPresent(yaml -> {
                YNode root = YamlReader.parseCore(yaml, files.shown(pipelineRel));
                if (root instanceof YNode.Mapping m) {
                    PipelineDoc doc = PipelineFile.parse(dir.resolve(repo.layout().pipelineFile()), files.shown(pipelineRel), m,
                            p -> files.text(repo.relative(p)));
                    for (StageSpec s : doc.stages()) {
                        Path wdir = SafePaths.resolveInside(repo.root(), dir, s.wdir(), String.valueOf(s.mark()));
                        wdirs.put(s.name(), wdir);
                        s.outs().stream().filter(o -> !o.cache())
                                .forEach(o -> uncached.add(repo.relative(wdir.resolve(o.path()).normalize())));
                    }
                }
            });
        } catch (CairnException e) {
            // an old pipeline file this version cannot read: keep every output its lock file names
        }
        for (Map.Entry<String, LockEntry> stage : LockFile.parse(text, files.shown(lockRel)).entrySet()) {
            Path wdir = wdirs.getOrDefault(stage.getKey(), dir);
            for (Output o : stage.getValue().outs()) {
                if (o.id() == null) {
                    continue;
                }
                String path = repo.relative(SafePaths.resolveInside(repo.root(), wdir, o.path(), files.shown(lockRel)));
                if (!uncached.contains(path)) {
                    into.add(new Recorded(rev, path, o.id()));
                }
            }
        }
    }
}
