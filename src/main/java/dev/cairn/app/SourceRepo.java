package dev.cairn.app;

import dev.cairn.git.GitFetch;
import dev.cairn.git.GitRevisions;
import dev.cairn.hash.FileHasher;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.odb.LinkType;
import dev.cairn.odb.LocalCache;
import dev.cairn.odb.ObjectStore;
import dev.cairn.repo.Config;
import dev.cairn.repo.IniFile;
import dev.cairn.repo.Layout;
import dev.cairn.repo.Repository;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Another Cairn repository, read at one commit: a local work tree read in place, or a Git URL
 * fetched into a temporary directory (deleted on close). It knows the outputs that commit records
 * and where their objects are: the source's own cache (local only), then the default remote its
 * committed config names. Its {@code config.local} is never read: that belongs to its owner.
 */
public final class SourceRepo implements AutoCloseable {

    private static final String SCHEME = "^[a-zA-Z][a-zA-Z0-9+.-]*://.*";

    private final String location;
    private final GitRevisions git;
    private final String commit;
    private final Repository repo;
    private final Path relativeBase;
    private final Path tempDir;
    private final LocalCache cache;
    private List<RevisionOutputs.Recorded> outputs;
    private ObjectStore remote;

    private SourceRepo(String location, GitRevisions git, String commit, Repository repo, Path relativeBase,
                       Path tempDir, LocalCache cache) {
        this.location = location;
        this.git = git;
        this.commit = commit;
        this.repo = repo;
        this.relativeBase = relativeBase;
        this.tempDir = tempDir;
        this.cache = cache;
    }

    /** Whether {@code location} names a directory on this machine rather than a Git URL. */
    public static boolean isLocalPath(String location) {
        // "host:path" is Git's scp-like syntax; a single letter before ':' is a Windows drive
        return !location.matches(SCHEME) && !location.matches("^[^/\\\\]{2,}:.*");
    }

    /**
     * Opens {@code location} (a directory, relative to {@code cwd}, or a Git URL) at {@code rev}
     * (null: HEAD, the default branch). A Git URL is fetched into a new directory under {@code tmpParent}.
     */
    public static SourceRepo open(String location, String rev, Path cwd, Path tmpParent) {
        Path local = isLocalPath(location) ? cwd.resolve(location).normalize() : null;
        if (local != null && !Files.isDirectory(local)) {
            throw CairnException.badInput("no repository at '" + location + "': " + local + " is not a directory");
        }
        boolean bare = local != null && Files.isRegularFile(local.resolve("HEAD")) && Files.isDirectory(local.resolve("objects"));
        if (local != null && !bare) {
            if (Repository.findGitRoot(local).isEmpty()) {
                throw CairnException.badInput("'" + location + "' is not in a Git repository: Cairn reads other repositories"
                        + " through Git, at a commit");
            }
            return inPlace(location, local, rev);
        }
        // a bare repository, or a URL; a file:// URL still has a place here for relative remotes
        Path origin = local != null ? local : fileUrlPath(location);
        Path dir = newTempDir(tmpParent);
        GitRevisions git = null;
        try {
            String fetched = GitFetch.fetch(local != null ? local.toString() : location, rev, dir);
            git = GitRevisions.open(dir);
            return at(location, git, fetched, rev, dir, origin == null ? null : origin.resolve(Layout.CAIRN.metaDir()), dir, null);
        } catch (RuntimeException e) {
            if (git != null) {
                git.close();
            }
            dev.cairn.util.AtomicFiles.deleteTree(dir);
            throw e;
        }
    }

    /** The directory a {@code file://} URL names, or null. */
    private static Path fileUrlPath(String location) {
        try {
            return location.startsWith("file://") ? Path.of(java.net.URI.create(location)) : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null; // JGit reports what is wrong with the URL
        }
    }

    private static SourceRepo inPlace(String location, Path dir, String rev) {
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw IoErrors.failure("read", dir, e);
        }
        GitRevisions git = GitRevisions.open(root);
        try {
            Path cacheDir = root.resolve(Layout.CAIRN.metaDir()).resolve("cache");
            LocalCache cache = Files.isDirectory(cacheDir)
                    ? new LocalCache(cacheDir, new FileHasher(HashAlgorithm.MD5), List.of(LinkType.COPY)) : null;
            return at(location, git, rev == null ? "HEAD" : rev, rev, root, root.resolve(Layout.CAIRN.metaDir()), null, cache);
        } catch (RuntimeException e) {
            git.close();
            throw e;
        }
    }

    private static SourceRepo at(String location, GitRevisions git, String readRev, String askedRev, Path root,
                                 Path relativeBase, Path tempDir, LocalCache cache) {
        // commits() of one named revision is its full commit id; an unknown one is bad input
        List<String> ids = git.commits(false, false, false, List.of(readRev), null);
        String shownRev = askedRev == null ? "HEAD" : askedRev;
        if (ids.isEmpty()) {
            throw CairnException.badInput(location + " has no commit at " + shownRev);
        }
        String commit = ids.get(0);
        String configPath = Layout.CAIRN.metaDir() + "/" + Config.Level.REPO.fileName();
        RevisionFiles files = RevisionFiles.git(git, commit, root);
        Optional<String> config = files.text(configPath);
        if (config.isEmpty()) {
            throw CairnException.badInput(location + " is not a Cairn repository at " + shownRev + " (no "
                    + configPath + " committed)");
        }
        IniFile ini = IniFile.parse(config.get(), location + "@" + shownRev + ":" + configPath);
        Repository repo = new Repository(root, Layout.CAIRN, git.workTree(),
                Config.of(root.resolve(Layout.CAIRN.metaDir()), ini));
        return new SourceRepo(location, git, commit, repo, relativeBase, tempDir, cache);
    }

    private static Path newTempDir(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, AtomicFiles.TEMP_PREFIX + "source-");
        } catch (IOException e) {
            throw IoErrors.failure("create a temporary directory in", parent, e);
        }
    }

    /** The repository as the user named it. */
    public String location() {
        return location;
    }

    /** The full id of the commit read. */
    public String commit() {
        return commit;
    }

    public Repository repo() {
        return repo;
    }

    /** The cached outputs the commit records (manifests and lock files), read once. */
    public synchronized List<RevisionOutputs.Recorded> outputs() {
        if (outputs == null) {
            outputs = RevisionOutputs.at(repo, git, commit);
        }
        return outputs;
    }

    /** The paths (relative to the repository root) of the files Git tracks at the commit, Cairn's own left out. */
    public List<String> gitFiles() {
        String prefix = dev.cairn.util.SafePaths.toPosix(git.workTree().relativize(repo.root()));
        String meta = repo.layout().metaDir() + "/";
        return git.files(commit, prefix, name -> true).stream()
                .map(p -> prefix.isEmpty() ? p : p.substring(prefix.length() + 1))
                .filter(p -> !p.startsWith(meta))
                .toList();
    }

    /** The source's own cache, when it is a directory here. */
    public Optional<LocalCache> cache() {
        return Optional.ofNullable(cache);
    }

    /** The name of the default remote the commit's config sets, or null. */
    public String defaultRemote() {
        return new RemoteService(repo, relativeBase).defaultName();
    }

    /** The default remote's object store, opened on first use; fails when the commit's config sets none. */
    public synchronized ObjectStore remote() {
        if (remote == null) {
            if (defaultRemote() == null) {
                throw CairnException.failed(location + " sets no default remote at " + shortCommit()
                        + ", and its data is not in a cache here");
            }
            remote = new RemoteService(repo, relativeBase).open(null);
        }
        return remote;
    }

    public String shortCommit() {
        return commit.substring(0, 8);
    }

    @Override
    public synchronized void close() {
        try {
            if (remote != null) {
                remote.close();
            }
        } finally {
            git.close();
            if (tempDir != null) {
                dev.cairn.util.AtomicFiles.deleteTree(tempDir);
            }
        }
    }
}
