package dev.cairn.app;

import dev.cairn.git.GitIgnoreFile;
import dev.cairn.hash.TreeEntry;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.RepoDep;
import dev.cairn.odb.LocalCache;
import dev.cairn.repo.Repository;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * {@code cairn import} and {@code cairn update}: data of another repository stored in this one's
 * cache and tracked by a manifest that records where it came from ({@link RepoDep}), so that an
 * update can take it again from a newer commit. Objects reach the cache, verified, before the
 * manifest is written; the workspace is then checked out from the cache like any output.
 */
public final class ImportService {

    /**
     * What one import or update did.
     *
     * @param changed  whether the data differs from what the manifest recorded before
     * @param upToDate an update found the source at the commit already recorded; nothing was touched
     */
    public record Imported(String path, String manifest, String commit, boolean changed, boolean upToDate,
                           CheckoutService.Result checkout) {
    }

    private final Session session;
    private final Repository repo;

    public ImportService(Session session) {
        this.session = session;
        this.repo = session.repo();
    }

    public Imported importPath(String location, String path, String rev, String out, boolean force) {
        Path cwd = session.context().cwd();
        Path dest = GetService.destination(cwd, path, out, force);
        checkImportable(dest);
        Path manifestFile = session.manifests().manifestFor(dest);
        if (Files.exists(manifestFile) && !force) {
            throw CairnException.badInput("'" + repo.relative(manifestFile) + "' exists already; use -f to replace it");
        }
        try (SourceRepo source = SourceRepo.open(location, rev, cwd, repo.tmpDir())) {
            Output data = fetch(source, path).withPath(dest.getFileName().toString());
            RepoDep dep = new RepoDep(SourceObjects.normalize(path), recordedUrl(location, cwd, manifestFile.getParent()),
                    rev, source.commit());
            Manifest m = dep.applyTo(new Manifest(manifestFile, List.of(data), new LinkedHashMap<>()));
            return finish(m, dest, source.commit(), true, force);
        }
    }

    /** Takes an import again from its source: at {@code newRev} when given, else at the revision it records. */
    public Imported update(Path target, String newRev) {
        Path manifestFile = repo.layout().isManifestName(target.getFileName().toString())
                ? target : session.manifests().manifestFor(target);
        if (!Files.isRegularFile(manifestFile)) {
            throw CairnException.badInput(manifestFile.equals(target) ? "no manifest '" + repo.relative(target) + "'"
                    : "'" + repo.relative(target) + "' is not tracked by Cairn (no " + repo.relative(manifestFile) + ")");
        }
        Manifest m = session.manifests().read(manifestFile);
        RepoDep dep = RepoDep.of(m);
        if (dep == null || m.outs().size() != 1) {
            throw CairnException.badInput("'" + repo.relative(manifestFile) + "' is not an import: it records no source"
                    + " repository (see 'cairn import')");
        }
        TrackedOutput tracked = session.manifests().outputs(m).get(0);
        String rev = newRev != null ? newRev : dep.rev();
        // a relative source directory is recorded relative to the manifest
        try (SourceRepo source = SourceRepo.open(dep.url(), rev, manifestFile.getParent(), repo.tmpDir())) {
            if (source.commit().equals(dep.revLock()) && Objects.equals(rev, dep.rev())) {
                return new Imported(tracked.key(), repo.relative(manifestFile), source.commit(), false, true, null);
            }
            Output data = fetch(source, dep.path());
            Output old = tracked.out();
            Output updated = old.withHash(data.id(), data.size(), data.nfiles(), false);
            Manifest next = new RepoDep(dep.path(), dep.url(), rev, source.commit()).applyTo(m.withOuts(List.of(updated)));
            return finish(next, tracked.path(), source.commit(), !Objects.equals(old.id(), data.id()), false);
        }
    }

    /** Copies the data {@code path} names into the cache; returns it as an output without a path yet. */
    private Output fetch(SourceRepo source, String path) {
        SourceObjects objects = new SourceObjects(source, new Transfer(session.workers()));
        SourceObjects.Selected selected = objects.select(path);
        LocalCache cache = session.cache();
        objects.copy(selected, selected.objects(), cache);
        if (!selected.isDir()) {
            return new Output("", selected.id(), cache.size(selected.id()), null, false, false, new LinkedHashMap<>(), null);
        }
        if (!selected.storedTree()) {
            cache.putBytes(selected.id(), selected.treeBytes());
        }
        long size = 0;
        for (TreeEntry e : selected.tree().entries()) {
            size += cache.size(e.id());
        }
        return new Output("", selected.id(), size, selected.tree().size(), false, false, new LinkedHashMap<>(), null);
    }

    private Imported finish(Manifest m, Path dest, String commit, boolean changed, boolean force) {
        AtomicFiles.createDirectories(dest.getParent());
        ManifestCodec.write(m);
        if (repo.gitRoot().isPresent()) {
            GitIgnoreFile.add(dest.getParent(), dest.getFileName().toString());
        }
        CheckoutService.Result r = new CheckoutService(session).checkout(List.of(dest), false, force);
        return new Imported(repo.relative(dest), repo.relative(m.file()), commit, changed, false, r);
    }

    /** Imports land inside this repository, outside every other output. */
    private void checkImportable(Path dest) {
        if (!dest.startsWith(repo.root()) || dest.equals(repo.root()) || repo.isInternal(dest)) {
            throw CairnException.badInput("cannot import to '" + dest + "': it must lie inside the repository "
                    + repo.root() + ", outside Cairn's and Git's own files");
        }
        for (Path a = dest.getParent(); a != null && !a.equals(repo.root()); a = a.getParent()) {
            if (Files.isRegularFile(session.manifests().manifestFor(a))) {
                throw CairnException.badInput("cannot import to '" + repo.relative(dest) + "': it lies inside the tracked '"
                        + repo.relative(a) + "'");
            }
        }
        SafePaths.checkNoSymlinkEscape(repo.root(), dest.getParent(), repo.relative(dest), "cannot import");
        String stage = session.manifests().producingStage(dest);
        if (stage != null) {
            throw CairnException.badInput("cannot import to '" + repo.relative(dest) + "': it is an output of stage " + stage);
        }
    }

    /** A source directory given relative to the working directory is recorded relative to the manifest. */
    private static String recordedUrl(String location, Path cwd, Path manifestDir) {
        if (!SourceRepo.isLocalPath(location) || Path.of(location).isAbsolute()) {
            return location;
        }
        String rel = SafePaths.toPosix(manifestDir.relativize(cwd.resolve(location).normalize()));
        return rel.isEmpty() ? "." : rel;
    }
}
