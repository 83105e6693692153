package dev.cairn.app;

import dev.cairn.git.GitRevisions;
import dev.cairn.manifest.ParamsFile;
import dev.cairn.manifest.Values;
import dev.cairn.manifest.YNode;
import dev.cairn.repo.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics show} and {@code metrics diff}: the numbers in the metrics files that
 * {@code pipeline.yaml} declares (JSON, YAML or TOML), by dotted key.
 */
public final class MetricsService {

    /** The metrics of one file, in document order; {@code problem} says why there are none. */
    public record FileMetrics(String path, Map<String, YNode> metrics, String problem) {
    }

    private final Repository repo;

    public MetricsService(Repository repo) {
        this.repo = repo;
    }

    /** The metrics in the workspace; a declared file that does not exist is reported, not fatal. */
    public List<FileMetrics> show() {
        return show(RevisionFiles.workspace(repo));
    }

    /** The metrics of one revision, by its name as {@link RevisionFiles#name()} gives it. */
    public record RevisionMetrics(String revision, List<FileMetrics> files) {
    }

    /**
     * The metrics of the workspace and of the revisions of {@code scope}: branch tips and tags by
     * name, commits by their short id, named revisions as given.
     */
    public List<RevisionMetrics> show(RevisionScope scope) {
        List<RevisionMetrics> result = new ArrayList<>();
        if (scope.workspace()) {
            result.add(new RevisionMetrics("workspace", show()));
        }
        if (!scope.needsGit()) {
            return result;
        }
        try (GitRevisions git = GitRevisions.open(repo.root())) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            if (scope.allBranches()) {
                names.addAll(git.branches());
            }
            if (scope.allTags()) {
                names.addAll(git.tags());
            }
            names.addAll(scope.revs());
            if (scope.allCommits()) {
                git.commits(false, false, true, List.of(), scope.since()).forEach(c -> names.add(c.substring(0, 7)));
            }
            for (String rev : names) {
                result.add(new RevisionMetrics(rev, show(RevisionFiles.git(git, rev, repo.root()))));
            }
        }
        return result;
    }

    private List<FileMetrics> show(RevisionFiles files) {
        List<FileMetrics> result = new ArrayList<>();
        for (String path : PipelineFiles.read(files).metrics()) {
            Optional<Map<String, YNode>> metrics = read(files, path);
            result.add(metrics.map(m -> new FileMetrics(path, m, null))
                    .orElseGet(() -> new FileMetrics(path, Map.of(), "no such file")));
        }
        return result;
    }

    /**
     * Compares the metrics at {@code oldRev} with those at {@code newRev} (null: the workspace);
     * unchanged ones only with {@code all}.
     */
    public ValueDiff.Result diff(String oldRev, String newRev, boolean all) {
        try (GitRevisions git = GitRevisions.open(repo.root())) {
            RevisionFiles older = RevisionFiles.git(git, oldRev, repo.root());
            RevisionFiles newer = newRev == null ? RevisionFiles.workspace(repo) : RevisionFiles.git(git, newRev, repo.root());
            return new ValueDiff.Result(older.name(), newer.name(),
                    ValueDiff.compare(collect(older), collect(newer), all));
        }
    }

    private static Map<String, Map<String, YNode>> collect(RevisionFiles files) {
        Map<String, Map<String, YNode>> result = new LinkedHashMap<>();
        for (String path : PipelineFiles.read(files).metrics()) {
            read(files, path).ifPresent(m -> result.put(path, m));
        }
        return result;
    }

    /** The numeric leaves of a metrics file; empty when the revision lacks it. */
    private static Optional<Map<String, YNode>> read(RevisionFiles files, String path) {
        return files.text(path).map(text -> {
            YNode.Mapping root = ParamsFile.parse(text, files.shown(path), Path.of(path).getFileName().toString());
            Map<String, YNode> numbers = new LinkedHashMap<>();
            ParamsFile.flatten(root).forEach((key, value) -> {
                if (Values.number(value) != null) {
                    numbers.put(key, value);
                }
            });
            return numbers;
        });
    }
}
