package dev.cairn.storage.s3;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageContract;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.storage.StorageException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The storage contract against a real S3-compatible server, on a storage opened as Cairn opens a remote's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StorageTest extends StorageContract {

    S3Server server;

    @BeforeAll
    void startServer() throws Exception {
        server = new S3Server();
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
        return server.storage("some/prefix");
    }

    private static Storage.Source source(byte[] b) {
        return new Storage.Source() {
            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(b);
            }

            @Override
            public long size() {
                return b.length;
            }
        };
    }

    @Test
    void largeValuesGoUpInPartsAndOnlyAcceptedOnesAppear() throws Exception {
        Storage parts = new S3Storage(server.client(), server.newBucket(), "p", 5 << 20);
        byte[] big = new byte[(12 << 20) + 123];
        new java.util.Random(9).nextBytes(big);
        parts.put("big", source(big), () -> { });
        try (java.io.InputStream in = parts.open("big")) {
            assertArrayEquals(big, in.readAllBytes());
        }
        assertThrows(StorageException.class, () -> parts.put("refused", source(big), () -> {
            throw new StorageException(StorageException.Kind.PERMANENT, "digest mismatch", null);
        }));
        assertFalse(parts.exists("refused"), "an upload that failed the check is aborted, never completed");
    }
}
