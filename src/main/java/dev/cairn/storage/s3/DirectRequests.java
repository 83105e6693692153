package dev.cairn.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Utilities;

/**
 * Whole-object GETs and single PUTs as signed HTTP requests handed straight to the S3 client's own
 * HTTP client. For objects of a few KB the SDK's request pipeline (interceptors, endpoint rules,
 * marshalling, metrics) costs more CPU than the request: two fifths of a D1 fetch. Here the SDK
 * still does what matters, from the same configuration as the client: the URL, the credentials
 * and the SigV4 signature. Anything but a plain success gives null or false, and the caller
 * repeats the request through the {@link S3Client}, which interprets errors, follows redirects,
 * corrects clock skew and retries: this path never decides that something failed.
 */
final class DirectRequests implements AutoCloseable {

    private final SdkHttpClient http;
    private final S3Utilities urls;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    /** Cuts a PUT whose connection stopped moving: a socket timeout does not fire while writing. */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-s3-watchdog");
        t.setDaemon(true);
        return t;
    });

    DirectRequests(S3Client client, SdkHttpClient http) {
        this.http = http;
        this.urls = client.utilities();
        this.credentials = client.serviceClientConfiguration().credentialsProvider();
        this.region = client.serviceClientConfiguration().region().id();
    }

    /**
     * Whether requests for this bucket can go direct: not S3 Express directory buckets (session
     * credentials) nor access points and ARNs (their own endpoints and signing names).
     */
    static boolean supports(String bucket) {
        return !bucket.endsWith("--x-s3") && !bucket.contains(":");
    }

    /** The object's bytes as they stream, or null: ask the SDK. */
    InputStream get(String bucket, String key) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uriOf(bucket, key)).build();
        HttpExecuteResponse response = send(request, null, null);
        if (response == null) {
            return null;
        }
        AbortableInputStream body = response.responseBody().orElse(null);
        if (response.httpResponse().statusCode() == 200 && body != null) {
            return body;
        }
        discard(body);
        return null;
    }

    /** Whether the object was stored; false: ask the SDK. {@code contentMd5} in base64. */
    boolean put(String bucket, String key, byte[] bytes, String contentMd5, Duration deadline) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(uriOf(bucket, key))
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-MD5", contentMd5)
                .build();
        HttpExecuteResponse response = send(request, ContentStreamProvider.fromByteArrayUnsafe(bytes), deadline);
        if (response == null) {
            return false;
        }
        discard(response.responseBody().orElse(null));
        return response.httpResponse().statusCode() == 200;
    }

    URI uriOf(String bucket, String key) {
        try {
            return urls.getUrl(b -> b.bucket(bucket).key(key)).toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Signs and sends; null when the request did not get an answer (the SDK will try it again). */
    private HttpExecuteResponse send(SdkHttpRequest request, ContentStreamProvider payload, Duration deadline) {
        SignedRequest signed;
        try {
            signed = sign(request, payload, Clock.systemUTC());
        } catch (RuntimeException e) {
            return null; // credentials the chain cannot resolve now: the SDK says why
        }
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null)).build());
        ScheduledFuture<?> cut = deadline == null ? null
                : watchdog.schedule(call::abort, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return call.call();
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            if (cut != null) {
                cut.cancel(false);
            }
        }
    }

    /**
     * The request signed as the S3 client signs it: service {@code s3}, the client's region, the
     * path neither normalized nor encoded twice, the payload signed only where TLS does not
     * protect it (the signer's own rule for plain HTTP).
     */
    SignedRequest sign(SdkHttpRequest request, ContentStreamProvider payload, Clock clock) {
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        return signer.sign(r -> r.identity(identity).request(request).payload(payload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    }

    /** Closes a response body that is not wanted; the connection goes back to the pool when it can. */
    private static void discard(AbortableInputStream body) {
        if (body == null) {
            return;
        }
        try (body) {
            body.skip(Long.MAX_VALUE); // a short error document: drained, the connection is reused
        } catch (IOException ignored) {
            // the connection is closed instead
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        http.close();
    }
}
