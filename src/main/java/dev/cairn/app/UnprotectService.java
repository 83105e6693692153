package dev.cairn.app;

import dev.cairn.hash.FileStat;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.IoErrors;
import dev.cairn.workspace.WorkspaceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cairn unprotect}: turns linked, read-only workspace files into private writable copies,
 * so editing them cannot touch the cache.
 */
public final class UnprotectService {

    private final Session session;

    public UnprotectService(Session session) {
        this.session = session;
    }

    /** Returns how many files were turned into copies. */
    public int unprotect(List<Path> targets) {
        AtomicInteger count = new AtomicInteger();
        for (TrackedOutput t : session.manifests().resolveTargets(targets)) {
            List<WorkspaceFile> files = Files.isDirectory(t.path()) ? session.index().walkDirectory(t.path())
                    : Files.exists(t.path()) ? List.of(new WorkspaceFile(t.key(), t.path(), statOf(t.path()))) : List.of();
            session.workers().forEach(files, f -> {
                if (makePrivateCopy(f.path())) {
                    count.incrementAndGet();
                }
            });
        }
        return count.get();
    }

    private static FileStat statOf(Path p) {
        try {
            return FileStat.of(p, false);
        } catch (IOException e) {
            throw IoErrors.failure("read", p, e);
        }
    }

    private static boolean makePrivateCopy(Path file) {
        try {
            FileStat own = FileStat.of(file, false);
            boolean linked = own.isSymbolicLink() || (Integer) Files.getAttribute(file, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS) > 1;
            if (!linked && own.isWritableByOwner()) {
                return false;
            }
            Path temp = AtomicFiles.tempSibling(file);
            try {
                Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(temp);
                perms.add(PosixFilePermission.OWNER_WRITE);
                perms.add(PosixFilePermission.OWNER_READ);
                Files.setPosixFilePermissions(temp, perms);
                AtomicFiles.moveIntoPlace(temp, file);
            } finally {
                AtomicFiles.deleteQuietly(temp);
            }
            return true;
        } catch (IOException e) {
            throw IoErrors.failure("unprotect", file, e);
        }
    }
}
