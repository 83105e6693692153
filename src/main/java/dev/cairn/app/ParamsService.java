package dev.cairn.app;

import dev.cairn.git.GitRevisions;
import dev.cairn.manifest.ParamsFile;
import dev.cairn.manifest.YNode;
import dev.cairn.repo.Repository;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code params diff}: the params that stages track, compared between a Git revision and the workspace. */
public final class ParamsService {

    private final Repository repo;

    public ParamsService(Repository repo) {
        this.repo = repo;
    }

    /**
     * Compares the tracked params at {@code oldRev} with those at {@code newRev} (null: the
     * workspace). With {@code all}, every key of every params file, changed or not.
     */
    public ValueDiff.Result diff(String oldRev, String newRev, boolean all) {
        try (GitRevisions git = GitRevisions.open(repo.root())) {
            RevisionFiles older = RevisionFiles.git(git, oldRev, repo.root());
            RevisionFiles newer = newRev == null ? RevisionFiles.workspace(repo) : RevisionFiles.git(git, newRev, repo.root());
            return new ValueDiff.Result(older.name(), newer.name(),
                    ValueDiff.compare(collect(older, all), collect(newer, all), all));
        }
    }

    /** The tracked params of one revision: file → dotted key → value. */
    static Map<String, Map<String, YNode>> collect(RevisionFiles files, boolean all) {
        Map<String, Map<String, YNode>> result = new LinkedHashMap<>();
        for (PipelineFiles.ParamsUse use : PipelineFiles.read(files).params()) {
            Optional<String> text = files.text(use.path());
            if (text.isEmpty()) {
                continue;
            }
            YNode.Mapping root = ParamsFile.parse(text.get(), files.shown(use.path()), Path.of(use.path()).getFileName().toString());
            Map<String, YNode> values = new LinkedHashMap<>();
            if (use.wholeFile() || all) {
                values.putAll(ParamsFile.flatten(root));
            } else {
                for (String key : use.keys()) {
                    YNode value = ParamsFile.lookup(root, key);
                    if (value != null) {
                        values.putAll(ParamsFile.flatten(key, value));
                    }
                }
            }
            result.put(use.path(), values);
        }
        return result;
    }
}
