package dev.cairn.hash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Streams files through a digest, alone or while copying them, with one buffer per thread. */
public final class FileHasher {

    private static final int BUFFER_SIZE = 64 << 10;

    private final HashAlgorithm algorithm;
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    public FileHasher(HashAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    public ObjectId hash(Path file) throws IOException {
        // a plain stream: channel reads pay for interruptibility bookkeeping on every call
        try (InputStream in = new java.io.FileInputStream(file.toFile())) {
            return hash(in);
        }
    }

    public ObjectId hash(InputStream in) throws IOException {
        return copyAndHash(in, null);
    }

    /** Copies {@code in} to {@code out} (when not null) and returns the digest of the bytes copied. */
    public ObjectId copyAndHash(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = buffers.get();
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
            if (out != null) {
                out.write(buffer, 0, n);
            }
        }
        return ObjectId.ofDigest(algorithm, digest.digest(), false);
    }

    public ObjectId hash(byte[] bytes, boolean isDir) {
        return ObjectId.ofDigest(algorithm, algorithm.newDigest().digest(bytes), isDir);
    }
}
