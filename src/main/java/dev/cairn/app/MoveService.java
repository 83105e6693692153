package dev.cairn.app;

import dev.cairn.git.GitIgnoreFile;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import dev.cairn.util.SafePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** {@code cairn move}: renames a tracked output together with its manifest and .gitignore entry. */
public final class MoveService {

    /** The new places. */
    public record Moved(String from, String to, String manifest) {
    }

    private final Session session;

    public MoveService(Session session) {
        this.session = session;
    }

    public Moved move(Path src, Path dst) {
        Path source = src.toAbsolutePath().normalize();
        if (session.repo().layout().isManifestName(source.getFileName().toString())) {
            String name = source.getFileName().toString();
            source = source.resolveSibling(name.substring(0, name.length() - session.repo().layout().manifestSuffix().length()));
        }
        Path oldManifest = session.manifests().manifestFor(source);
        if (!Files.isRegularFile(oldManifest)) {
            throw CairnException.badInput("'" + session.repo().relative(source) + "' is not tracked by Cairn");
        }
        Manifest m = session.manifests().read(oldManifest);
        List<TrackedOutput> outs = session.manifests().outputs(m);
        if (outs.size() != 1 || !outs.get(0).path().equals(source)) {
            throw CairnException.badInput(session.repo().relative(oldManifest) + " does not track exactly '"
                    + session.repo().relative(source) + "'");
        }
        Path target = dst.toAbsolutePath().normalize();
        if (Files.isDirectory(target) && !Files.exists(session.manifests().manifestFor(target))) {
            target = target.resolve(source.getFileName().toString());
        }
        if (!target.startsWith(session.repo().root()) || session.repo().isInternal(target) || target.equals(session.repo().root())) {
            throw CairnException.badInput("cannot move to '" + dst + "': it is outside the repository or in its internal files");
        }
        SafePaths.checkNoSymlinkEscape(session.repo().root(), target, dst.toString(), "cannot move to '" + dst + "'");
        Path newManifest = session.manifests().manifestFor(target);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.exists(newManifest)) {
            throw CairnException.badInput("cannot move to '" + session.repo().relative(target) + "': it exists already");
        }
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw IoErrors.failure("move " + session.repo().relative(source) + " to", session.repo().relative(target), e);
        }
        Output out = m.outs().get(0).withPath(SafePaths.toPosix(newManifest.getParent().relativize(target)));
        ManifestCodec.write(new Manifest(newManifest, List.of(out), m.extra()));
        try {
            Files.delete(oldManifest);
        } catch (IOException e) {
            throw IoErrors.failure("delete", oldManifest, e);
        }
        if (session.repo().gitRoot().isPresent()) {
            GitIgnoreFile.remove(source.getParent(), source.getFileName().toString());
            GitIgnoreFile.add(target.getParent(), target.getFileName().toString());
        }
        return new Moved(session.repo().relative(source), session.repo().relative(target), session.repo().relative(newManifest));
    }
}
