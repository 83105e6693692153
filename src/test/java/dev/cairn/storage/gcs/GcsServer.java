package dev.cairn.storage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.cairn.storage.ServerProcess;
import java.util.UUID;

/** A real GCS emulator for tests: fake-gcs-server (installed by .ci/run), once per test class. */
public final class GcsServer implements AutoCloseable {

    private final ServerProcess process;

    public GcsServer() throws Exception {
        process = new ServerProcess(ServerProcess.find("CAIRN_FAKE_GCS_SERVER", "fake-gcs-server",
                "go install github.com/fsouza/fake-gcs-server@v1.52.2"),
                "-backend", "memory", "-scheme", "http", "-host", "127.0.0.1", "-port", "{port}",
                "-log-level", "error", "-public-host", "127.0.0.1:{port}");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + process.port();
    }

    public Storage client() {
        return StorageOptions.newBuilder().setHost(endpoint()).setProjectId("cairn")
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    /** A new, empty bucket. */
    public String newBucket() {
        String bucket = "cairn-" + UUID.randomUUID().toString().substring(0, 12);
        client().create(BucketInfo.of(bucket));
        return bucket;
    }

    @Override
    public void close() {
        process.close();
    }
}
