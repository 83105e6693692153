package dev.cairn.storage.s3;

import dev.cairn.storage.RemoteOptions;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A storage in an S3 bucket (AWS or any S3-compatible store) under a key prefix. A PUT is atomic
 * on S3, and with the caller's MD5 sent as Content-MD5 the server refuses altered bytes before
 * the object exists.
 */
public final class S3Storage implements Storage {

    /**
     * Objects above the threshold go up in parts of (at least) the part size: S3 wants parts of
     * 5 MiB or more and at most 10,000 of them; each worker holds one part in memory. Below it one
     * PUT with Content-MD5 lets the server check the bytes against the id, so they are not hashed
     * here too (a single PUT's cost of a retry from the start stays bounded by the threshold).
     */
    public static final int DEFAULT_PART_SIZE = 16 << 20;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 256L << 20;

    /** Default of {@code read_timeout}: how long a request may wait for the server's next byte. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@code connect_timeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The slowest upload that is not taken for a stall. A socket read timeout never fires while
     * a request body is being written into a connection that stopped moving, so each upload
     * attempt also gets a deadline: the read timeout plus its size at this rate.
     */
    static final long MIN_UPLOAD_BYTES_PER_SECOND = 128 * 1024;

    /** Bodies up to this size are read into memory once instead of being opened for each reader. */
    private static final long WHOLE_BODY = 1 << 20;

    private final S3Client client;
    /** Small GETs and PUTs without the SDK's request pipeline; null: everything through the client. */
    private final DirectRequests direct;
    /** Whether {@link #direct} serves this bucket. */
    private final boolean goDirect;
    private final String bucket;
    private final String prefix;
    private final String shown;
    private final int partSize;
    private final long multipartThreshold;
    private final Duration readTimeout;

    /** A storage that sends every request through {@code client}. */
    public S3Storage(S3Client client, String bucket, String prefix) {
        this(client, null, bucket, prefix, DEFAULT_PART_SIZE, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_READ_TIMEOUT);
    }

    /** With objects above {@code partSize} sent in parts of that size (tests use small parts). */
    public S3Storage(S3Client client, String bucket, String prefix, int partSize) {
        this(client, null, bucket, prefix, partSize, partSize, DEFAULT_READ_TIMEOUT);
    }

    private S3Storage(S3Client client, DirectRequests direct, String bucket, String prefix, int partSize,
                      long multipartThreshold, Duration readTimeout) {
        this.client = client;
        this.direct = direct;
        this.goDirect = direct != null && DirectRequests.supports(bucket);
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.shown = "s3://" + bucket + "/" + this.prefix;
        this.partSize = partSize;
        this.multipartThreshold = multipartThreshold;
        this.readTimeout = readTimeout;
    }

    /**
     * A storage for {@code s3://bucket/prefix} with the remote's options: {@code endpointurl}
     * (S3-compatible stores, path-style), {@code region}, {@code profile},
     * {@code access_key_id}/{@code secret_access_key} (otherwise the default credentials chain),
     * {@code connect_timeout} and {@code read_timeout} in seconds, and {@code multipart_threshold}
     * (objects above it go up in parts: a retry then resends one part, not the whole object).
     */
    public static S3Storage open(URI url, Map<String, String> options) {
        Duration readTimeout = RemoteOptions.seconds(options, "read_timeout", DEFAULT_READ_TIMEOUT);
        // the client's HTTP client, kept for the direct requests too (and closed with them)
        SdkHttpClient http = ApacheHttpClient.builder()
                .connectionTimeout(RemoteOptions.seconds(options, "connect_timeout", DEFAULT_CONNECT_TIMEOUT))
                .socketTimeout(readTimeout).build();
        S3ClientBuilder builder = clientBuilder().httpClient(http);
        String endpoint = options.get("endpointurl");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        builder.region(Region.of(options.getOrDefault("region", endpoint != null ? "us-east-1" : defaultRegion())));
        AwsCredentialsProvider credentials;
        if (options.containsKey("access_key_id") && options.containsKey("secret_access_key")) {
            credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(options.get("access_key_id"), options.get("secret_access_key")));
        } else if (options.containsKey("profile")) {
            credentials = ProfileCredentialsProvider.create(options.get("profile"));
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        builder.credentialsProvider(credentials);
        String path = url.getPath() == null ? "" : url.getPath();
        S3Client client = builder.build();
        return new S3Storage(client, new DirectRequests(client, http), url.getHost(),
                path.startsWith("/") ? path.substring(1) : path,
                DEFAULT_PART_SIZE, size(options, "multipart_threshold", DEFAULT_MULTIPART_THRESHOLD), readTimeout);
    }

    /**
     * A size option as the AWS CLI writes {@code multipart_threshold}: bytes, or a number with
     * KB, MB, GB (binary multiples, as there) or KiB, MiB, GiB.
     */
    static long size(Map<String, String> options, String key, long fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([KMG]i?B)?", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(value.strip());
        if (m.matches()) {
            String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(java.util.Locale.ROOT);
            int shift = unit.startsWith("K") ? 10 : unit.startsWith("M") ? 20 : unit.startsWith("G") ? 30 : 0;
            long bytes = Long.parseLong(m.group(1)) << shift;
            if (bytes >= (1 << 20) && bytes <= (5L << 30)) {
                return bytes;
            }
        }
        throw new IllegalArgumentException(key + " = '" + value + "' is not a size between 1MB and 5GB (e.g. 64MB)");
    }


    /** The deadline of one upload attempt of {@code bytes}: see {@link #MIN_UPLOAD_BYTES_PER_SECOND}. */
    Duration uploadAttemptTimeout(long bytes) {
        return readTimeout.plusMillis(Math.max(0, bytes) * 1000 / MIN_UPLOAD_BYTES_PER_SECOND);
    }

    /**
     * A client builder that sends plain bodies with Content-MD5: no aws-chunked encoding and no
     * trailing checksums, which many S3-compatible stores do not understand.
     */
    public static S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }

    private static String defaultRegion() {
        String env = System.getenv("AWS_REGION");
        return env != null ? env : "us-east-1";
    }

    private String key(String key) throws StorageException {
        return prefix + Storage.checkKey(key, shown);
    }

    private StorageException failure(String action, String key, SdkException e) {
        StorageException.Kind kind;
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404)) {
            kind = StorageException.Kind.NOT_FOUND;
        } else if (e instanceof S3Exception s && s.statusCode() < 500 && s.statusCode() != 429) {
            kind = StorageException.Kind.PERMANENT;
        } else if (e instanceof SdkClientException || e.retryable()) {
            kind = StorageException.Kind.TRANSIENT;
        } else {
            kind = StorageException.Kind.PERMANENT;
        }
        String reason = e instanceof S3Exception s && s.awsErrorDetails() != null
                ? s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage() : e.getMessage();
        return new StorageException(kind, "cannot " + action + " " + shown + key + ": " + reason, e);
    }

    @Override
    public boolean exists(String key) throws StorageException {
        try {
            client.headObject(HeadObjectRequest.builder().bucket(bucket).key(key(key)).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check", key, e);
        } catch (SdkException e) {
            throw failure("check", key, e);
        }
    }

    @Override
    public InputStream open(String key) throws StorageException {
        return open(key, 0);
    }

    @Override
    public InputStream open(String key, long offset) throws StorageException {
        if (offset == 0 && goDirect) {
            InputStream whole = direct.get(bucket, key(key));
            if (whole != null) {
                return whole;
            }
        }
        try {
            GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key(key));
            if (offset > 0) {
                request.range("bytes=" + offset + "-"); // resume where a broken read stopped
            }
            return client.getObject(request.build());
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, Source source, Verifier verifier) throws StorageException {
        if (source.size() > multipartThreshold) {
            putInParts(key, source, verifier);
            return;
        }
        Path spool = null;
        try {
            byte[] md5 = verifier.expectedMd5();
            if (md5 != null) {
                verifier.checkedByStore(); // before the source is read, which then need not hash what it gives
            }
            String contentMd5 = md5 == null ? null : Base64.getEncoder().encodeToString(md5);
            RequestBody body = null;
            if (source.size() >= 0 && source.size() <= WHOLE_BODY) {
                // read once: over http the signer reads the body for its hash before it is sent
                byte[] bytes;
                try (InputStream content = source.open()) {
                    bytes = content.readAllBytes();
                }
                // direct only with Content-MD5: the store then checks the bytes itself
                boolean sent = contentMd5 != null && goDirect
                        && direct.put(bucket, key(key), bytes, contentMd5, uploadAttemptTimeout(bytes.length));
                if (!sent) {
                    body = RequestBody.fromBytes(bytes);
                }
            } else if (source.size() >= 0) {
                // larger bodies stream: the SDK opens the source again for each reader and retry
                body = RequestBody.fromContentProvider(() -> {
                    try {
                        return source.open();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, source.size(), "application/octet-stream");
            } else {
                // S3 needs the length up front: spool unknown-length content to a temporary file
                spool = Files.createTempFile("cairn-s3-", ".part");
                try (InputStream content = source.open()) {
                    Files.copy(content, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new StorageException(StorageException.Kind.TRANSIENT, "cannot spool " + key + ": " + e.getMessage(), e);
                }
                body = RequestBody.fromFile(spool);
            }
            if (body != null) {
                long length = body.optionalContentLength().orElse(0L);
                PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key(key))
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(uploadAttemptTimeout(length)));
                if (contentMd5 != null) {
                    request.contentMD5(contentMd5);
                }
                client.putObject(request.build(), body);
            }
            try {
                verifier.verify();
            } catch (StorageException mismatch) {
                delete(key); // only reachable without an expected MD5: the value was briefly visible
                throw mismatch;
            }
        } catch (S3Exception e) {
            if ("BadDigest".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw new StorageException(StorageException.Kind.CORRUPT, "the store refused the bytes sent as "
                        + shown + key + ": they do not match the MD5 they were sent with", e);
            }
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw failure("write", key, e);
        } catch (java.io.UncheckedIOException e) {
            throw new StorageException(StorageException.Kind.TRANSIENT, "cannot read what to send as " + key + ": "
                    + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.TRANSIENT, "cannot read what to send as " + key + ": " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temporary file in the system's temp directory
                }
            }
        }
    }

    /** Parts of one object in flight at once: a large file goes up faster, memory stays bounded. */
    static final int PARTS_IN_FLIGHT = 4;

    /**
     * A multipart upload: parts are read in order (so the verifier hashes the bytes as they are),
     * up to {@link #PARTS_IN_FLIGHT} uploading at once, each holding its own buffer; the upload is
     * completed (the object appears) only after the verifier accepted all the bytes, else aborted.
     */
    private void putInParts(String key, Source source, Verifier verifier) throws StorageException {
        String k = key(key);
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(k).build()).uploadId();
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
        boolean completed = false;
        int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(partSize, source.size() / 9_000 + 1));
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(PARTS_IN_FLIGHT);
        java.util.concurrent.Semaphore buffers = new java.util.concurrent.Semaphore(PARTS_IN_FLIGHT);
        try (InputStream in = source.open()) {
            List<java.util.concurrent.Future<CompletedPart>> parts = new ArrayList<>();
            for (int number = 1; ; number++) {
                buffers.acquire();
                byte[] buffer = new byte[size];
                int n = in.readNBytes(buffer, 0, size);
                if (n == 0 && number > 1) {
                    break;
                }
                int partNumber = number;
                parts.add(senders.submit(() -> {
                    try {
                        // the part is read from its buffer as it is, without a copy
                        RequestBody body = RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(buffer, 0, n),
                                n, "application/octet-stream");
                        String etag = client.uploadPart(UploadPartRequest.builder().bucket(bucket).key(k).uploadId(uploadId)
                                .partNumber(partNumber).contentLength((long) n)
                                .overrideConfiguration(o -> o.apiCallAttemptTimeout(uploadAttemptTimeout(n))).build(), body).eTag();
                        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                    } finally {
                        buffers.release();
                    }
                }));
                if (n < size) {
                    break;
                }
            }
            List<CompletedPart> done = new ArrayList<>();
            for (java.util.concurrent.Future<CompletedPart> part : parts) {
                done.add(part.get());
            }
            verifier.verify();
            client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(k).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()).build());
            completed = true;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw failure("write", key, sdk);
            }
            throw new StorageException(StorageException.Kind.TRANSIENT, "cannot write " + shown + key + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.PERMANENT, "interrupted while writing " + shown + key, e);
        } catch (SdkException e) {
            throw failure("write", key, e);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.TRANSIENT, "cannot read what to send as " + key + ": " + e.getMessage(), e);
        } finally {
            senders.shutdownNow();
            if (!completed) {
                try {
                    client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(k).uploadId(uploadId).build());
                } catch (SdkException ignored) {
                    // the store expires abandoned uploads (with a lifecycle rule)
                }
            }
        }
    }

    @Override
    public List<String> list(String keyPrefix) throws StorageException {
        return listWithMd5(keyPrefix).stream().map(Listed::key).toList();
    }

    /** Keys with their ETag where it is the MD5 of the bytes (single-part uploads: 32 hex digits, no "-N"). */
    @Override
    public List<Listed> listWithMd5(String keyPrefix) throws StorageException {
        List<Listed> keys = new ArrayList<>();
        try {
            String token = null;
            do {
                ListObjectsV2Response page = client.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(key(keyPrefix)).continuationToken(token).build());
                for (S3Object o : page.contents()) {
                    keys.add(new Listed(o.key().substring(prefix.length()), md5OfEtag(o.eTag())));
                }
                token = page.isTruncated() ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
        }
        return keys;
    }

    /** The MD5 an ETag stands for, or null when it is not one (multipart uploads: {@code <hex>-<parts>}). */
    static String md5OfEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
        return e.matches("[0-9a-f]{32}") ? e : null;
    }

    @Override
    public void delete(String key) throws StorageException {
        try {
            client.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key(key)).build());
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return shown;
    }

    @Override
    public void close() {
        client.close();
        if (direct != null) {
            direct.close();
        }
    }
}
