package dev.cairn.storage.s3;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The storage contract against a real S3-compatible server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StorageTest extends StorageContract {

    private S3Server server;

    @BeforeAll
    void startServer() throws Exception {
        server = new S3Server();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected Storage newStorage() {
        return new S3Storage(server.client(), server.newBucket(), "some/prefix");
    }
}
