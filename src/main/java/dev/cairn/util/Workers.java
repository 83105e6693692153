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
        return run(pool, () -> items.parallelStream().<R>map(fn).toList());
    }

    public <T> void forEach(List<T> items, Consumer<? super T> fn) {
        if (items.size() < 2) {
            items.forEach(fn);
            return;
        }
        run(pool, () -> {
            items.parallelStream().forEach(fn);
            return null;
        });
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
        return run(io, task::invoke);
    }

    /**
     * Runs {@code work} in {@code pool} and waits for it. A worker of another fork/join pool (a
     * parallel test runner's) waits by parking: a join would run that pool's queued tasks (other
     * tests) on its own stack meanwhile, nesting them until the stack overflows.
     */
    private static <R> R run(ForkJoinPool pool, java.util.concurrent.Callable<R> work) {
        if (!(Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w) || w.getPool() == pool) {
            return pool.submit(work).join();
        }
        java.util.concurrent.FutureTask<R> task = new java.util.concurrent.FutureTask<>(work);
        pool.execute(task);
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new CairnException(CairnException.Kind.INTERRUPTED, "interrupted");
        }
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
