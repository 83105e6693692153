package dev.cairn.storage.local;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A storage in a local (or mounted) directory: values are files, puts are temp file + rename. */
public final class LocalStorage implements Storage {

    private final Path root;

    public LocalStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path path(String key) throws StorageException {
        return root.resolve(Storage.checkKey(key, root.toString())).normalize();
    }

    private StorageException failure(String action, String key, IOException e) {
        StorageException.Kind kind = e instanceof NoSuchFileException ? StorageException.Kind.NOT_FOUND
                : e instanceof AccessDeniedException || e instanceof FileSystemException ? StorageException.Kind.PERMANENT
                : StorageException.Kind.TRANSIENT;
        return new StorageException(kind, "cannot " + action + " " + root.resolve(key) + ": " + IoErrors.describe(e), e);
    }

    @Override
    public boolean exists(String key) throws StorageException {
        return Files.exists(path(key));
    }

    @Override
    public InputStream open(String key) throws StorageException {
        try {
            return Files.newInputStream(path(key));
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, Source source, Verifier verifier) throws StorageException {
        Path target = path(key);
        Path temp = AtomicFiles.tempSibling(target);
        try {
            Files.createDirectories(target.getParent());
            try (InputStream content = source.open();
                 OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
            verifier.verify();
            AtomicFiles.moveIntoPlace(temp, target);
            temp = null;
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            if (temp != null) {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws StorageException {
        Path dir = path(prefix.isEmpty() ? "." : prefix);
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile)
                    .filter(p -> !AtomicFiles.isTemp(p.getFileName().toString()))
                    .forEach(p -> keys.add(dev.cairn.util.SafePaths.toPosix(root.relativize(p))));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw failure("list", prefix, e instanceof IOException io ? io : ((java.io.UncheckedIOException) e).getCause());
        }
        return keys;
    }

    @Override
    public void delete(String key) throws StorageException {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
