package dev.cairn.storage.local;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest extends StorageContract {

    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new LocalStorage(dir.resolve("remote"));
    }
}
