package dev.cairn.app;

import dev.cairn.git.GitIgnoreFile;
import dev.cairn.manifest.Manifest;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code cairn remove}: stops tracking outputs; with {@code outs} deletes them from the workspace too. */
public final class RemoveService {

    private final Session session;

    public RemoveService(Session session) {
        this.session = session;
    }

    /** Returns the manifests removed. */
    public List<String> remove(List<Path> targets, boolean outs, boolean force) {
        List<Manifest> manifests = new ArrayList<>();
        for (Path t : targets) {
            Path p = t.toAbsolutePath().normalize();
            Path file = session.repo().layout().isManifestName(p.getFileName().toString()) ? p
                    : session.manifests().manifestFor(p);
            if (!Files.isRegularFile(file)) {
                throw CairnException.badInput("'" + session.repo().relative(p) + "' is not a Cairn manifest or tracked path");
            }
            manifests.add(session.manifests().read(file));
        }
        if (outs && !force) {
            List<StatusService.Change> unsafe = new StatusService(session).status(
                    manifests.stream().map(Manifest::file).toList()).stream()
                    .filter(c -> c.state() != StatusService.State.DELETED).toList();
            if (!unsafe.isEmpty()) {
                throw CairnException.failed("not removing outputs whose content is not safe in the cache: "
                        + String.join(", ", unsafe.stream().map(StatusService.Change::path).toList())
                        + "\nhint: 'cairn commit' them first, or use -f to delete them anyway");
            }
        }
        List<String> removed = new ArrayList<>();
        for (Manifest m : manifests) {
            List<TrackedOutput> tracked = session.manifests().outputs(m);
            for (TrackedOutput t : tracked) {
                if (outs) {
                    dev.cairn.util.AtomicFiles.deleteTree(t.path());
                }
                if (session.repo().gitRoot().isPresent()) {
                    GitIgnoreFile.remove(t.path().getParent(), t.path().getFileName().toString());
                }
            }
            try {
                Files.delete(m.file());
            } catch (IOException e) {
                throw IoErrors.failure("delete", m.file(), e);
            }
            removed.add(session.repo().relative(m.file()));
        }
        return removed;
    }
}
