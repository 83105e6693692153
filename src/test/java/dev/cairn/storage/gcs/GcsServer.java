package dev.cairn.storage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A real GCS emulator for tests: fake-gcs-server (installed by .ci/run), started once per test
 * class on a free loopback port. A missing emulator fails the tests: it never turns into a skip.
 */
public final class GcsServer implements AutoCloseable {

    private final Process process;
    private final String endpoint;

    public GcsServer() throws Exception {
        Path binary = findBinary();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(binary.toString(), "-backend", "memory", "-scheme", "http", "-host", "127.0.0.1",
                "-port", Integer.toString(port), "-log-level", "error", "-public-host", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        endpoint = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the GCS emulator " + binary + " did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    private static Path findBinary() {
        String configured = System.getenv("CAIRN_FAKE_GCS_SERVER");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "fake-gcs-server");
        if (Files.isExecutable(goBin)) {
            return goBin;
        }
        throw new IllegalStateException("the GCS emulator fake-gcs-server is not installed; run 'bash .ci/run', or "
                + "'go install github.com/fsouza/fake-gcs-server@v1.52.2', or set CAIRN_FAKE_GCS_SERVER");
    }

    public String endpoint() {
        return endpoint;
    }

    public Storage client() {
        return StorageOptions.newBuilder().setHost(endpoint).setProjectId("cairn")
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
        process.destroy();
    }
}
