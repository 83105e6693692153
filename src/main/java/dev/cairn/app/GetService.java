package dev.cairn.app;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.TreeEntry;
import dev.cairn.odb.FileExport;
import dev.cairn.repo.Layout;
import dev.cairn.repo.RunContext;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn get}: copies data another repository tracks into a plain file or directory here,
 * without tracking it. Needs no Cairn repository of its own. Everything is written into a
 * temporary sibling of the destination first and renamed into place once every object arrived
 * and matched its hash, so a failure leaves nothing behind.
 */
public final class GetService {

    /** What was written: {@code files} files at {@code written}, from commit {@code commit}. */
    public record Got(String path, Path written, int files, String commit) {
    }

    private final RunContext context;

    public GetService(RunContext context) {
        this.context = context;
    }

    public Got get(String location, String path, String rev, String out, boolean force) {
        Path dest = destination(context.cwd(), path, out, force);
        try (Workers workers = new Workers(context.jobs());
             SourceRepo source = SourceRepo.open(location, rev, context.cwd(), tempParent(context.cwd()))) {
            SourceObjects objects = new SourceObjects(source, new Transfer(workers));
            SourceObjects.Selected selected = objects.select(path);
            Path staging = AtomicFiles.tempSibling(dest);
            try {
                Map<ObjectId, List<Path>> targets = new HashMap<>();
                if (selected.isDir()) {
                    Files.createDirectories(staging);
                    // tree relpaths are plain relative paths: the tree decoder refuses any other
                    for (TreeEntry e : selected.tree().entries()) {
                        targets.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(staging.resolve(e.relpath()));
                    }
                } else {
                    targets.put(selected.id(), List.of(staging));
                }
                objects.copy(selected, targets.keySet(), new FileExport(targets, new FileHasher(HashAlgorithm.MD5)));
                place(staging, dest);
                return new Got(selected.path(), dest, selected.isDir() ? selected.tree().size() : 1, source.commit());
            } catch (IOException e) {
                throw IoErrors.failure("write", dest, e);
            } finally {
                dev.cairn.util.AtomicFiles.deleteTree(staging);
            }
        }
    }

    /**
     * Where the data goes, as DVC decides: the path's last name in the working directory, inside
     * {@code out} when that is a directory, else {@code out} itself. Refuses to replace anything
     * without {@code force}.
     */
    static Path destination(Path cwd, String path, String out, boolean force) {
        String name = Path.of(SourceObjects.normalize(path)).getFileName().toString();
        if (name.isEmpty()) {
            throw CairnException.badInput("name a tracked file or directory of the repository, not its top");
        }
        Path dest = out == null ? cwd.resolve(name)
                : Files.isDirectory(cwd.resolve(out)) ? cwd.resolve(out).resolve(name) : cwd.resolve(out);
        dest = dest.normalize();
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw CairnException.badInput("'" + dest + "' exists already; use -f to replace it");
        }
        return dest;
    }

    /** Renames the finished copy into place; what it replaces is moved aside first and deleted last. */
    private static void place(Path staging, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        Path old = null;
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            old = AtomicFiles.tempSibling(dest);
            Files.move(dest, old);
        }
        Files.move(staging, dest);
        if (old != null) {
            dev.cairn.util.AtomicFiles.deleteTree(old);
        }
    }

    /** Temporary clones go to the enclosing Cairn repository's tmp directory, else the system's. */
    static Path tempParent(Path cwd) {
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path meta = p.resolve(Layout.CAIRN.metaDir());
            if (Files.isDirectory(meta)) {
                return meta.resolve("tmp");
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
