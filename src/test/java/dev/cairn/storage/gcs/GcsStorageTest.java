package dev.cairn.storage.gcs;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The storage contract against a real GCS emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcsStorageTest extends StorageContract {

    private GcsServer server;

    @BeforeAll
    void startServer() throws Exception {
        server = new GcsServer();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected boolean listsMd5() {
        return true;
    }

    @Override
    protected Storage newStorage() {
        return new GcsStorage(server.client(), server.newBucket(), "some/prefix");
    }
}
