package dev.cairn.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The direct requests are the requests the SDK's client sends: the same URL, and the same
 * signature when signing the SDK's own request at the SDK's time. The SDK's requests are caught
 * just before they would leave, so no server is needed, and both the S3-compatible endpoint form
 * (plain HTTP, path style: payload signed) and AWS's (HTTPS, virtual host: payload not signed)
 * are compared. Whether a server accepts them is the storage contract's part (S3StorageTest).
 */
class DirectRequestsTest {

    /** The request the SDK was about to send, and its body. */
    private static final class Caught extends RuntimeException {
        final SdkHttpRequest request;
        final byte[] body;

        Caught(SdkHttpRequest request, byte[] body) {
            super("caught before transmission");
            this.request = request;
            this.body = body;
        }
    }

    private static final ExecutionInterceptor CATCH = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            byte[] body = context.requestBody().map(b -> {
                try (InputStream in = b.contentStreamProvider().newStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElse(null);
            throw new Caught(context.httpRequest(), body);
        }
    };

    private static S3Client client(boolean s3Compatible) {
        S3ClientBuilder b = S3Storage.clientBuilder()
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(CATCH).retryStrategy(r -> r.maxAttempts(1)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret/EXAMPLE+key")));
        if (s3Compatible) {
            b.endpointOverride(URI.create("http://127.0.0.1:9")).forcePathStyle(true).region(Region.US_EAST_1);
        } else {
            b.region(Region.EU_WEST_1);
        }
        return b.build();
    }

    private static Caught sdkGet(S3Client client, String bucket, String key) {
        return assertThrows(Caught.class, () -> client.getObject(r -> r.bucket(bucket).key(key)));
    }

    private static Caught sdkPut(S3Client client, String bucket, String key, byte[] body) {
        String md5 = md5(body);
        return assertThrows(Caught.class, () -> client.putObject(r -> r.bucket(bucket).key(key).contentMD5(md5),
                RequestBody.fromBytes(body)));
    }

    /** Our signature of the SDK's request, at the time the SDK signed it. */
    private static String resign(DirectRequests direct, Caught sdk) {
        SdkHttpRequest unsigned = sdk.request.toBuilder().removeHeader("Authorization").build();
        Instant at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(sdk.request.firstMatchingHeader("X-Amz-Date").orElseThrow(), Instant::from);
        ContentStreamProvider payload = sdk.body == null ? null : ContentStreamProvider.fromByteArray(sdk.body);
        return direct.sign(unsigned, payload, Clock.fixed(at, ZoneOffset.UTC)).request()
                .firstMatchingHeader("Authorization").orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void getsAreSignedAndAddressedAsTheSdkDoes(boolean s3Compatible) {
        try (S3Client client = client(s3Compatible); DirectRequests direct = new DirectRequests(client, ApacheHttpClient.create())) {
            for (String key : new String[] {"files/md5/ab/cdef0123", "team data/ü+x=1&y/~a b", "a//b/./c/../d"}) {
                Caught sdk = sdkGet(client, "my-bucket", key);
                assertEquals(sdk.request.getUri(), direct.uriOf("my-bucket", key), key);
                assertEquals(sdk.request.firstMatchingHeader("Authorization").orElseThrow(), resign(direct, sdk), key);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void putsAreSignedAsTheSdkDoes(boolean s3Compatible) {
        byte[] body = "some bytes of a small object\n".getBytes(StandardCharsets.UTF_8);
        try (S3Client client = client(s3Compatible); DirectRequests direct = new DirectRequests(client, ApacheHttpClient.create())) {
            Caught sdk = sdkPut(client, "my-bucket", "files/md5/ab/cdef0123", body);
            String sha = sdk.request.firstMatchingHeader("x-amz-content-sha256").orElseThrow();
            assertEquals(s3Compatible, !sha.equals("UNSIGNED-PAYLOAD"), "the payload is signed exactly over plain HTTP: " + sha);
            assertEquals(sdk.request.firstMatchingHeader("Authorization").orElseThrow(), resign(direct, sdk));
        }
    }

    @Test
    void directoryBucketsAndAccessPointsGoThroughTheSdk() {
        assertTrue(DirectRequests.supports("my-bucket"));
        assertFalse(DirectRequests.supports("data--use1-az4--x-s3"));
        assertFalse(DirectRequests.supports("arn:aws:s3:eu-west-1:123456789012:accesspoint/ap"));
    }

    @Test
    void noAnswerMeansAskTheSdk() {
        // nothing listens on port 9 (discard): the direct path gives up and leaves the decision to the SDK
        try (S3Client client = client(true); DirectRequests direct = new DirectRequests(client, ApacheHttpClient.create())) {
            assertEquals(null, direct.get("my-bucket", "k"));
            assertFalse(direct.put("my-bucket", "k", new byte[] {1}, md5(new byte[] {1}), java.time.Duration.ofSeconds(5)));
        }
    }

    private static String md5(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
