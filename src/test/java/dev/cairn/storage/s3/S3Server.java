package dev.cairn.storage.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: gofakes3 (installed by .ci/run), started once per test
 * class on a free loopback port. A missing server fails the tests: it never turns into a skip.
 */
public final class S3Server implements AutoCloseable {

    public static final String KEY = "test-access-key";
    public static final String SECRET = "test-secret-key";

    private final Process process;
    private final URI endpoint;

    public S3Server() throws Exception {
        Path binary = findBinary();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(binary.toString(), "-backend", "memory", "-host", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the S3 test server " + binary + " did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    private static Path findBinary() {
        String configured = System.getenv("CAIRN_GOFAKES3");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", "gofakes3");
        if (Files.isExecutable(goBin)) {
            return goBin;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "gofakes3");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the S3 test server gofakes3 is not installed; run 'bash .ci/run', or "
                + "'go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0', or set CAIRN_GOFAKES3");
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return S3Storage.clientBuilder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).build();
    }

    /** A new, empty bucket. */
    public String newBucket() {
        String bucket = "cairn-" + UUID.randomUUID().toString().substring(0, 12);
        try (S3Client c = client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
