package dev.cairn.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.BaseServiceException;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.StorageOptions;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A storage in a Google Cloud Storage bucket under a key prefix. Uploads are resumable and
 * streamed; an object appears only when its upload is finalised, and with the caller's MD5 the
 * service refuses altered bytes.
 */
public final class GcsStorage implements Storage {

    private final com.google.cloud.storage.Storage client;
    private final String bucket;
    private final String prefix;
    private final String shown;

    public GcsStorage(com.google.cloud.storage.Storage client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.shown = "gs://" + bucket + "/" + this.prefix;
    }

    /**
     * A storage for {@code gs://bucket/prefix} with the remote's options: {@code credentialpath}
     * (a service-account key file), {@code projectname}, {@code endpointurl} (emulators, no
     * credentials); otherwise Application Default Credentials.
     */
    public static GcsStorage open(URI url, Map<String, String> options) {
        StorageOptions.Builder builder = StorageOptions.newBuilder();
        String endpoint = options.get("endpointurl");
        if (options.containsKey("projectname")) {
            builder.setProjectId(options.get("projectname"));
        }
        try {
            if (endpoint != null) {
                builder.setHost(endpoint).setCredentials(NoCredentials.getInstance());
                if (!options.containsKey("projectname")) {
                    builder.setProjectId("cairn");
                }
            } else if (options.containsKey("credentialpath")) {
                try (InputStream key = new FileInputStream(options.get("credentialpath"))) {
                    builder.setCredentials(GoogleCredentials.fromStream(key));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read credentialpath " + options.get("credentialpath") + ": " + e.getMessage(), e);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        return new GcsStorage(builder.build().getService(), url.getHost(), path.startsWith("/") ? path.substring(1) : path);
    }

    private String key(String key) throws StorageException {
        return prefix + Storage.checkKey(key, shown);
    }

    private StorageException failure(String action, String key, BaseServiceException e) {
        StorageException.Kind kind = e.getCode() == 404 ? StorageException.Kind.NOT_FOUND
                : e.isRetryable() || e.getCode() >= 500 || e.getCode() == 429 ? StorageException.Kind.TRANSIENT
                : StorageException.Kind.PERMANENT;
        return new StorageException(kind, "cannot " + action + " " + shown + key + ": " + e.getMessage(), e);
    }

    @Override
    public boolean exists(String key) throws StorageException {
        try {
            return client.get(BlobId.of(bucket, key(key))) != null;
        } catch (BaseServiceException e) {
            throw failure("check", key, e);
        }
    }

    @Override
    public InputStream open(String key) throws StorageException {
        try {
            Blob blob = client.get(BlobId.of(bucket, key(key)));
            if (blob == null) {
                throw new StorageException(StorageException.Kind.NOT_FOUND, "no " + shown + key, null);
            }
            ReadChannel channel = blob.reader();
            return Channels.newInputStream(channel);
        } catch (BaseServiceException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, Source source, Verifier verifier) throws StorageException {
        BlobInfo.Builder info = BlobInfo.newBuilder(BlobId.of(bucket, key(key)));
        byte[] md5 = verifier.expectedMd5();
        List<com.google.cloud.storage.Storage.BlobWriteOption> options = new ArrayList<>();
        if (md5 != null) {
            info.setMd5(Base64.getEncoder().encodeToString(md5));
            options.add(com.google.cloud.storage.Storage.BlobWriteOption.md5Match());
        }
        try (InputStream in = source.open()) {
            WriteChannel writer = client.writer(info.build(),
                    options.toArray(new com.google.cloud.storage.Storage.BlobWriteOption[0]));
            OutputStream out = Channels.newOutputStream(writer);
            in.transferTo(out);
            // Closing finalises the upload; bytes that fail the check leave it unfinalised, so
            // no object ever appears (the resumable session expires on its own).
            verifier.verify();
            out.close();
        } catch (BaseServiceException e) {
            throw refused(key, e, verifier);
        } catch (IOException e) {
            if (e.getCause() instanceof BaseServiceException b) {
                throw refused(key, b, verifier);
            }
            throw new StorageException(StorageException.Kind.TRANSIENT, "cannot write " + shown + key + ": " + e.getMessage(), e);
        }
    }

    /** A failed upload; a 400 is how the service refuses a digest mismatch, so the verifier says what arrived. */
    private StorageException refused(String key, BaseServiceException e, Verifier verifier) throws StorageException {
        if (e.getCode() == 400) {
            verifier.verify();
        }
        return failure("write", key, e);
    }

    @Override
    public List<String> list(String keyPrefix) throws StorageException {
        return listWithMd5(keyPrefix).stream().map(Listed::key).toList();
    }

    /** Keys with their md5Hash (absent on composite objects), turned from base64 into hex. */
    @Override
    public List<Listed> listWithMd5(String keyPrefix) throws StorageException {
        List<Listed> keys = new ArrayList<>();
        try {
            Page<Blob> page = client.list(bucket, com.google.cloud.storage.Storage.BlobListOption.prefix(key(keyPrefix)));
            for (Blob b : page.iterateAll()) {
                keys.add(new Listed(b.getName().substring(prefix.length()), hexOfBase64(b.getMd5())));
            }
        } catch (BaseServiceException e) {
            throw failure("list", keyPrefix, e);
        }
        return keys;
    }

    private static String hexOfBase64(String md5) {
        if (md5 == null) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(md5);
            return digest.length == 16 ? java.util.HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        try {
            client.delete(BlobId.of(bucket, key(key)));
        } catch (BaseServiceException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return shown;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // nothing to release that outlives the process
        }
    }
}
