package dev.cairn.storage;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries transient failures (timeouts, resets, 5xx, throttling) with exponential backoff and
 * jitter; not-found and permanent failures go back at once, and an interrupt stops the wait.
 * Puts can be retried because their source reads again from the start.
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
                long ceiling = Math.min(maxMillis, baseMillis << (attempt - 1));
                long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1); // jitter
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StorageException(StorageException.Kind.PERMANENT, "interrupted: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public boolean exists(String key) throws StorageException {
        return retry(() -> delegate.exists(key));
    }

    @Override
    public InputStream open(String key) throws StorageException {
        return retry(() -> delegate.open(key));
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
