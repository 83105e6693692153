package dev.cairn.git;

import dev.cairn.util.CairnException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Copies one revision of a Git repository at a URL into a fresh local repository, to be read with
 * {@link GitRevisions}. A branch, a tag or the default branch comes alone and shallow (depth 1);
 * anything else (a commit id, {@code main~2}) needs the whole history.
 */
public final class GitFetch {

    /** The local ref that names what was fetched. */
    private static final String FETCHED = "refs/cairn/fetched";

    private GitFetch() {
    }

    /**
     * Fetches {@code rev} (null: the remote's HEAD) of {@code url} into a new repository at
     * {@code dir} and returns the revision to read there.
     */
    public static String fetch(String url, String rev, Path dir) {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("cairn").call()) {
            // no automatic gc after the fetch: it would run in the background while the copy is read and deleted
            StoredConfig config = git.getRepository().getConfig();
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
            config.save();
            String ref = advertisedRef(url, rev == null ? Constants.HEAD : rev);
            if (ref != null) {
                run(git.fetch().setRemote(url).setDepth(1).setTagOpt(TagOpt.NO_TAGS)
                        .setRefSpecs(new RefSpec("+" + ref + ":" + FETCHED)), url);
                return FETCHED;
            }
            run(git.fetch().setRemote(url).setTagOpt(TagOpt.NO_TAGS).setRefSpecs(
                    new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"),
                    new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*")), url);
            return rev;
        } catch (GitAPIException | java.io.IOException e) {
            throw CairnException.failed("cannot create a Git repository in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The full name of the ref {@code rev} names among those the remote advertises, or null. */
    private static String advertisedRef(String url, String rev) {
        Collection<Ref> refs;
        try {
            refs = Git.lsRemoteRepository().setRemote(url).call();
        } catch (GitAPIException e) {
            throw failure(url, e);
        }
        for (String candidate : List.of(rev, Constants.R_HEADS + rev, Constants.R_TAGS + rev)) {
            for (Ref r : refs) {
                if (r.getName().equals(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static void run(FetchCommand fetch, String url) {
        try {
            fetch.call();
        } catch (GitAPIException e) {
            throw failure(url, e);
        }
    }

    /** A URL that names no repository is bad input; anything else (network, server) a failure. */
    private static CairnException failure(String url, GitAPIException e) {
        boolean noRepo = e instanceof InvalidRemoteException || e.getCause() instanceof NoRemoteRepositoryException;
        String message = "cannot read the Git repository " + url + ": " + e.getMessage();
        return noRepo ? CairnException.badInput(message) : CairnException.failed(message, e);
    }
}
