package dev.cairn.odb;

import dev.cairn.hash.FileHasher;
import dev.cairn.hash.ObjectId;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.IoErrors;
import dev.cairn.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A write-only object store whose objects become plain files at chosen paths (what
 * {@code cairn get} writes): copying into it writes each object to every path that holds it, with
 * no cache in between. Bytes are hashed on the way in under a temporary name, so a path appears
 * only with the content its id names.
 */
public final class FileExport implements ObjectStore {

    private final Map<ObjectId, List<Path>> targets;
    private final FileHasher hasher;
    private final Set<ObjectId> written = ConcurrentHashMap.newKeySet();

    /** {@code targets}: for every object, the paths to write it to (at least one). */
    public FileExport(Map<ObjectId, List<Path>> targets, FileHasher hasher) {
        this.targets = Map.copyOf(targets);
        this.hasher = hasher;
    }

    @Override
    public boolean contains(ObjectId id) {
        return written.contains(id);
    }

    @Override
    public Set<String> objectValues(Workers workers) {
        return written.stream().map(ObjectId::value).collect(Collectors.toSet());
    }

    /** Not a source: what it writes is read as plain files. */
    @Override
    public Blob open(ObjectId id) {
        return null;
    }

    @Override
    public void put(ObjectId id, Blob blob) {
        List<Path> paths = targets.get(id);
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("no path to write " + id + " to");
        }
        Path first = paths.get(0);
        Path temp = AtomicFiles.tempSibling(first);
        try {
            Files.createDirectories(first.getParent());
            blob.writeVerified(temp, id, hasher);
            AtomicFiles.moveIntoPlace(temp, first);
            temp = null;
            // the same content at other paths (duplicates in a directory) is copied from the first
            for (Path other : paths.subList(1, paths.size())) {
                Files.createDirectories(other.getParent());
                Path copy = AtomicFiles.tempSibling(other);
                Files.copy(first, copy);
                AtomicFiles.moveIntoPlace(copy, other);
            }
            written.add(id);
        } catch (IOException e) {
            throw IoErrors.failure("write", first, e);
        } finally {
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    @Override
    public void delete(ObjectId id) {
        for (Path p : targets.getOrDefault(id, List.of())) {
            AtomicFiles.deleteQuietly(p);
        }
        written.remove(id);
    }

    @Override
    public String describe() {
        return "the files being written";
    }
}
