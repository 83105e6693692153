package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries transient failures (timeouts, resets, 5xx, throttling) with exponential backoff and
 * jitter; not-found and permanent failures go back at once, and an interrupt stops the wait.
 * Puts can be retried because their source reads again from the start. A value being read that
 * breaks off (a connection dropped mid-object) is reopened where it stopped, so the reader sees
 * one unbroken stream.
 */
public final class RetryingStorage implements Storage {

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws StorageException;
    }

    private final Storage delegate;
    private final int attempts;
    private final long baseMillis;
    private final long maxMillis;
    private final Sleeper sleeper;

    public RetryingStorage(Storage delegate, int attempts, long baseMillis, long maxMillis, Sleeper sleeper) {
        this.delegate = delegate;
        this.attempts = Math.max(1, attempts);
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.sleeper = sleeper;
    }

    /** Five attempts, waits of about 0.2, 0.4, 0.8 and 1.6 s. */
    public static Storage wrap(Storage delegate) {
        return new RetryingStorage(delegate, 5, 200, 10_000, Thread::sleep);
    }

    private <T> T retry(Call<T> call) throws StorageException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.TRANSIENT || attempt >= attempts) {
                    throw e;
                }
                try {
                    backoff(attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StorageException(StorageException.Kind.PERMANENT, "interrupted: " + e.getMessage(), e);
                }
            }
        }
    }

    private void backoff(int attempt) throws InterruptedException {
        long ceiling = Math.min(maxMillis, baseMillis << (attempt - 1));
        sleeper.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1)); // jitter
    }

    @Override
    public boolean exists(String key) throws StorageException {
        return retry(() -> delegate.exists(key));
    }

    @Override
    public InputStream open(String key) throws StorageException {
        return new ResumingStream(key, retry(() -> delegate.open(key)));
    }

    @Override
    public InputStream open(String key, long offset) throws StorageException {
        return new ResumingStream(key, retry(() -> delegate.open(key, offset)), offset);
    }

    /**
     * A value's bytes that survive the connection breaking mid-read: the value is reopened from
     * the first byte not yet delivered, up to {@code attempts} times in a row without progress.
     * Values are immutable (content-addressed), so the bytes after a resume are the same bytes;
     * the reader hashes them anyway.
     */
    private final class ResumingStream extends InputStream {
        private final String key;
        private InputStream in;
        private long position;
        private int failures;

        ResumingStream(String key, InputStream in) {
            this(key, in, 0);
        }

        ResumingStream(String key, InputStream in, long offset) {
            this.key = key;
            this.in = in;
            this.position = offset;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                try {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        position += n;
                        failures = 0;
                    }
                    return n;
                } catch (IOException | java.io.UncheckedIOException e) {
                    resume(e instanceof IOException io ? io : ((java.io.UncheckedIOException) e).getCause());
                }
            }
        }

        /** Reopens at {@code position}; failed reopens count as failures too, so all attempts are bounded. */
        private void resume(IOException cause) throws IOException {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone already
            }
            Exception last = cause;
            while (++failures < attempts) {
                try {
                    backoff(failures);
                    in = delegate.open(key, position);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading " + key);
                } catch (StorageException e) {
                    if (e.kind() != StorageException.Kind.TRANSIENT) {
                        throw new IOException(e.getMessage(), e);
                    }
                    last = e;
                }
            }
            throw new IOException("cannot read " + delegate.describe() + " " + key + " (broke off at byte " + position
                    + ", " + failures + " attempts): " + last.getMessage(), last);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // closing what was read cannot lose data (the reader checks the bytes it got); an
                // SFTP close waits for the server's answer, which a stalled connection never sends
            }
        }
    }

    @Override
    public void put(String key, Source source, Verifier verifier) throws StorageException {
        retry(() -> {
            delegate.put(key, source, verifier);
            return null;
        });
    }

    @Override
    public List<String> list(String prefix) throws StorageException {
        return retry(() -> delegate.list(prefix));
    }

    @Override
    public List<Listed> listWithMd5(String prefix) throws StorageException {
        return retry(() -> delegate.listWithMd5(prefix));
    }

    @Override
    public void delete(String key) throws StorageException {
        retry(() -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
