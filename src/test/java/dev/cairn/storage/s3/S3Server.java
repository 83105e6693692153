package dev.cairn.storage.s3;

import dev.cairn.storage.ServerProcess;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3-compatible server for tests: gofakes3 (installed by .ci/run), once per test class. */
public final class S3Server implements AutoCloseable {

    public static final String KEY = "test-access-key";
    public static final String SECRET = "test-secret-key";

    private final ServerProcess process;

    public S3Server() throws Exception {
        process = new ServerProcess(ServerProcess.find("CAIRN_GOFAKES3", "gofakes3",
                "go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0"),
                "-backend", "memory", "-host", "127.0.0.1:{port}");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    public S3Client client() {
        return S3Storage.clientBuilder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).build();
    }

    /** A storage on a new bucket, opened as Cairn opens a remote's (direct requests included). */
    public S3Storage storage(String prefix) {
        return S3Storage.open(URI.create("s3://" + newBucket() + "/" + prefix), Map.of("endpointurl", endpoint().toString(),
                "access_key_id", KEY, "secret_access_key", SECRET));
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
        process.close();
    }
}
