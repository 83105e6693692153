package dev.cairn.app;

import dev.cairn.git.GitRevisions;
import dev.cairn.repo.Repository;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.SafePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of a repository as one revision holds them: the workspace, or a Git commit. Paths
 * are relative to the repository root, with POSIX separators, and come from pipeline files, so
 * they are untrusted: none may leave the repository.
 */
public sealed interface RevisionFiles {

    long MAX_BYTES = 16L * 1024 * 1024;

    /** How tables and messages call the revision: "workspace", "HEAD", a branch name. */
    String name();

    /** The bytes of a file; empty when the revision has no such file. */
    Optional<byte[]> bytes(String path);

    /** How errors name a file of this revision. */
    String shown(String path);

    /** The text of a file (UTF-8); empty when the revision has no such file. */
    default Optional<String> text(String path) {
        return bytes(path).map(b -> {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw CairnException.badInput(shown(path) + ": not valid UTF-8 text");
            }
        });
    }

    static RevisionFiles workspace(Repository repo) {
        return new Workspace(repo.root());
    }

    /**
     * The files of {@code rev} in {@code git}; {@code root} is the repository root, which may lie
     * below the top of the Git work tree.
     */
    static RevisionFiles git(GitRevisions git, String rev, Path root) {
        String prefix = SafePaths.toPosix(git.workTree().relativize(root.toAbsolutePath().normalize()));
        return new AtRevision(git, rev, prefix.isEmpty() ? "" : prefix + "/");
    }

    /** Files on disk; a symlink that leads out of the repository is refused. */
    record Workspace(Path root) implements RevisionFiles {
        @Override
        public String name() {
            return "workspace";
        }

        @Override
        public Optional<byte[]> bytes(String path) {
            Path file = SafePaths.resolveInside(root, root, path, path);
            try {
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                if (Files.size(file) > MAX_BYTES) {
                    throw CairnException.badInput(path + ": file too large (over 16 MiB)");
                }
                return Optional.of(Files.readAllBytes(file));
            } catch (IOException e) {
                throw IoErrors.failure("read", path, e);
            }
        }

        @Override
        public String shown(String path) {
            return path;
        }
    }

    /** Files of a Git commit, shown as {@code rev:path} the way Git names them. */
    record AtRevision(GitRevisions git, String rev, String prefix) implements RevisionFiles {
        @Override
        public String name() {
            return rev;
        }

        @Override
        public Optional<byte[]> bytes(String path) {
            return git.read(rev, prefix + path);
        }

        @Override
        public String shown(String path) {
            return rev + ":" + path;
        }
    }
}
