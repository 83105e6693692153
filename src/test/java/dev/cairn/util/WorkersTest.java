package dev.cairn.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkersTest {

    /**
     * A worker of another fork/join pool (JUnit's, when tests run in parallel) that waits for the
     * workers must not run its own pool's queued tasks meanwhile: nested on its stack, other tests
     * started that way overflowed it.
     */
    @Test
    void aWorkerOfAnotherPoolDoesNotRunItsQueuedTasksWhileItWaits() throws Exception {
        ForkJoinPool outer = new ForkJoinPool(1);
        AtomicBoolean waiting = new AtomicBoolean();
        AtomicBoolean ranWhileWaiting = new AtomicBoolean();
        try (Workers workers = new Workers(2)) {
            ForkJoinTask<List<Integer>> first = outer.submit(() -> {
                ForkJoinTask<?> queued = ForkJoinTask.adapt(() -> ranWhileWaiting.set(waiting.get())).fork();
                waiting.set(true);
                List<Integer> doubled = workers.map(List.of(1, 2, 3, 4), i -> {
                    pause();
                    return 2 * i;
                });
                waiting.set(false);
                queued.join();
                return doubled;
            });
            assertEquals(List.of(2, 4, 6, 8), first.get(30, TimeUnit.SECONDS));
            assertFalse(ranWhileWaiting.get());
        } finally {
            outer.shutdownNow();
        }
    }

    @Test
    void failuresReachTheCallerAsThemselves() throws Exception {
        ForkJoinPool outer = new ForkJoinPool(1);
        try (Workers workers = new Workers(2)) {
            String message = outer.submit(() -> {
                try {
                    workers.forEach(List.of(1, 2), i -> {
                        throw CairnException.badInput("bad " + i);
                    });
                    return "none";
                } catch (CairnException e) {
                    return e.kind() + " " + e.getMessage().startsWith("bad ");
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals("BAD_INPUT true", message);
        } finally {
            outer.shutdownNow();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
