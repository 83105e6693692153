package dev.cairn.git;

import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Reads files as they are at a Git revision (HEAD, a branch, a tag, a commit id): the one place
 * that opens a repository's object database. Works from any directory of a work tree, including
 * linked work trees ({@code git worktree add}), whose {@code .git} is a file.
 */
public final class GitRevisions implements AutoCloseable {

    /** Files above this are not params or metrics: refuse rather than load them into memory. */
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private final Repository repo;
    private final Path workTree;

    private GitRevisions(Repository repo, Path workTree) {
        this.repo = repo;
        this.workTree = workTree;
    }

    /** Opens the repository whose work tree holds {@code dir}. */
    public static GitRevisions open(Path dir) {
        Path start = dir.toAbsolutePath().normalize();
        Path top = findWorkTree(start).orElseThrow(() -> CairnException.state(
                "not inside a Git work tree: " + start + "\nhint: comparing with a revision needs Git"));
        return new GitRevisions(openWorkTree(top), top);
    }

    /** The repository of the work tree whose top is {@code top} (a main or a linked work tree). */
    static Repository openWorkTree(Path top) {
        try {
            // the work tree is set explicitly: for a linked work tree JGit would otherwise take
            // .git/worktrees/<name> for a bare repository
            return new FileRepositoryBuilder()
                    .setWorkTree(top.toFile())
                    .findGitDir(top.toFile())
                    .setMustExist(true)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw CairnException.state("cannot open the Git repository of " + top + ": " + e.getMessage());
        }
    }

    private static Optional<Path> findWorkTree(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            File git = p.resolve(Constants.DOT_GIT).toFile();
            if (git.isDirectory() || git.isFile()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The top of the work tree. */
    public Path workTree() {
        return workTree;
    }

    /**
     * The bytes of {@code path} (relative to the top of the work tree, POSIX separators) at
     * {@code rev}; empty when the path is not a file there, or when HEAD has no commit yet. An
     * unknown revision is bad input.
     */
    public Optional<byte[]> read(String rev, String path) {
        String problem = SafePaths.problemWith(path);
        if (problem != null || Path.of(path).normalize().startsWith("..")) {
            throw CairnException.badInput("cannot read '" + path + "' at " + rev + ": "
                    + (problem != null ? problem : "path leaves the work tree"));
        }
        try {
            ObjectId commitId = resolve(rev);
            if (commitId == null) {
                return Optional.empty();
            }
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit commit = walk.parseCommit(commitId);
                try (TreeWalk tree = TreeWalk.forPath(repo, Path.of(path).normalize().toString().replace(File.separatorChar, '/'),
                        commit.getTree())) {
                    if (tree == null || (tree.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                        return Optional.empty(); // absent, a directory, a submodule or a symlink
                    }
                    return Optional.of(repo.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(MAX_BYTES));
                }
            }
        } catch (LargeObjectException e) {
            throw CairnException.badInput(rev + ":" + path + ": file too large (over 16 MiB)");
        } catch (IOException e) {
            throw CairnException.failed("cannot read '" + path + "' at " + rev + ": " + e.getMessage(), e);
        }
    }

    /**
     * The paths (relative to the top of the work tree) of the files at {@code rev} below the
     * directory {@code prefix} ("" for all) whose file name {@code wanted} accepts.
     */
    public List<String> files(String rev, String prefix, Predicate<String> wanted) {
        List<String> result = new ArrayList<>();
        try {
            ObjectId commitId = resolve(rev);
            if (commitId == null) {
                return result;
            }
            try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
                tree.addTree(walk.parseCommit(commitId).getTree());
                tree.setRecursive(true);
                if (!prefix.isEmpty()) {
                    tree.setFilter(PathFilter.create(prefix));
                }
                while (tree.next()) {
                    if ((tree.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE && wanted.test(tree.getNameString())) {
                        result.add(tree.getPathString());
                    }
                }
            }
        } catch (IOException e) {
            throw CairnException.failed("cannot list the files of " + rev + ": " + e.getMessage(), e);
        }
        return result;
    }

    /**
     * The commits a scope names, each once, as full ids: every branch tip ({@code allBranches}),
     * every tag ({@code allTags}), every commit reachable from a branch or tag ({@code allCommits}),
     * the given revisions, and with {@code since} only commits made at or after it. The commit
     * HEAD names is not included unless a flag or {@code revs} asks for it.
     */
    public List<String> commits(boolean allBranches, boolean allTags, boolean allCommits, List<String> revs, Instant since) {
        java.util.Set<ObjectId> starts = new java.util.LinkedHashSet<>();
        try {
            for (String rev : revs) {
                ObjectId id = resolve(rev);
                if (id != null) {
                    starts.add(id);
                }
            }
            List<Ref> refs = new ArrayList<>();
            if (allBranches || allCommits || since != null) {
                refs.addAll(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS));
            }
            if (allTags || allCommits || since != null) {
                refs.addAll(repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS));
            }
            for (Ref ref : refs) {
                ObjectId id = repo.getRefDatabase().peel(ref).getPeeledObjectId();
                ObjectId target = id != null ? id : ref.getObjectId();
                try (RevWalk walk = new RevWalk(repo)) {
                    if (walk.parseAny(target) instanceof RevCommit c) {
                        starts.add(c.getId());
                    }
                }
            }
            List<String> result = new ArrayList<>();
            try (RevWalk walk = new RevWalk(repo)) {
                if (allCommits || since != null) {
                    for (ObjectId id : starts) {
                        walk.markStart(walk.parseCommit(id));
                    }
                    for (RevCommit c : walk) {
                        if (since == null || !Instant.ofEpochSecond(c.getCommitTime()).isBefore(since)) {
                            result.add(c.getName());
                        }
                    }
                } else {
                    for (ObjectId id : starts) {
                        RevCommit c = walk.parseCommit(id);
                        if (since == null || !Instant.ofEpochSecond(c.getCommitTime()).isBefore(since)) {
                            result.add(c.getName());
                        }
                    }
                }
            }
            return result.stream().distinct().toList();
        } catch (IOException e) {
            throw CairnException.failed("cannot list the commits of the Git repository: " + e.getMessage(), e);
        }
    }

    /** The names of the local branches, sorted. */
    public List<String> branches() {
        return refNames(Constants.R_HEADS);
    }

    /** The names of the tags, sorted. */
    public List<String> tags() {
        return refNames(Constants.R_TAGS);
    }

    private List<String> refNames(String prefix) {
        try {
            return repo.getRefDatabase().getRefsByPrefix(prefix).stream()
                    .map(r -> r.getName().substring(prefix.length())).sorted().toList();
        } catch (IOException e) {
            throw CairnException.failed("cannot list the refs of the Git repository: " + e.getMessage(), e);
        }
    }

    /** The commit that {@code rev} names; null for HEAD before the first commit. */
    private ObjectId resolve(String rev) throws IOException {
        ObjectId id;
        try {
            id = repo.resolve(rev + "^{commit}");
        } catch (AmbiguousObjectException e) {
            throw CairnException.badInput("ambiguous revision '" + rev + "'");
        } catch (RevisionSyntaxException | IncorrectObjectTypeException e) {
            throw CairnException.badInput("bad revision '" + rev + "': not a commit");
        }
        if (id != null) {
            return id;
        }
        Ref head = repo.exactRef(Constants.HEAD);
        if (rev.equals(Constants.HEAD) && (head == null || head.getObjectId() == null)) {
            return null; // no commit yet: nothing was committed at HEAD
        }
        throw CairnException.badInput("unknown revision '" + rev + "'");
    }

    @Override
    public void close() {
        repo.close();
    }
}
