package dev.cairn.util;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Consumer;
import java.util.function.Function;

/** The worker pool of one invocation: every core by default, {@code -j} to change it. */
public final class Workers implements AutoCloseable {

    private final ForkJoinPool pool;
    private ForkJoinPool ioPool;

    public Workers(int threads) {
        this.pool = new ForkJoinPool(Math.max(1, threads));
    }

    public int threads() {
        return pool.getParallelism();
    }

    /** Applies {@code fn} to every item in parallel; results keep the order of {@code items}. */
    public <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> fn) {
        if (items.size() < 2) {
            return items.stream().<R>map(fn).toList();
        }
        return pool.submit(() -> items.parallelStream().<R>map(fn).toList()).join();
    }

    public <T> void forEach(List<T> items, Consumer<? super T> fn) {
        if (items.size() < 2) {
            items.forEach(fn);
            return;
        }
        pool.submit(() -> items.parallelStream().forEach(fn)).join();
    }

    /**
     * Runs a fork/join task that mostly waits on file-system metadata (a walk that stats every
     * file) in a pool twice the size, at least four: stat calls block in the kernel often enough
     * that more of them in flight than cores walks a large tree faster.
     */
    public <R> R invokeIo(ForkJoinTask<R> task) {
        ForkJoinPool io;
        synchronized (this) {
            if (ioPool == null) {
                ioPool = new ForkJoinPool(Math.max(4, 2 * threads()));
            }
            io = ioPool;
        }
        return io.invoke(task);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (this) {
            if (ioPool != null) {
                ioPool.shutdownNow();
            }
        }
    }
}
