package dev.cairn.pipeline;

import dev.cairn.util.CairnException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs stages in dependency order on up to {@code jobs} threads: a stage starts once every stage
 * it depends on (among those selected) has finished. After a failure nothing new starts, unless
 * {@code keepGoing}, in which case only the stages downstream of the failure are skipped.
 */
public final class Scheduler {

    /** Does one stage's work; throws {@link CairnException} when the stage fails. */
    public interface Task {
        void run(Stage stage);
    }

    /** How each selected stage ended: done, failed (with the message), or not started. */
    public record Result(List<Stage> done, Map<Stage, String> failed, List<Stage> notRun) {
        public boolean ok() {
            return failed.isEmpty() && notRun.isEmpty();
        }
    }

    private Scheduler() {
    }

    public static Result run(Pipeline pipeline, List<Stage> order, int jobs, boolean keepGoing, Task task) {
        Set<Stage> selected = new HashSet<>(order);
        Map<Stage, Integer> waitingOn = new HashMap<>();
        Deque<Stage> ready = new ArrayDeque<>();
        for (Stage s : order) {
            int n = (int) pipeline.upstreamOf(s).stream().filter(selected::contains).count();
            waitingOn.put(s, n);
            if (n == 0) {
                ready.add(s);
            }
        }
        List<Stage> done = new java.util.ArrayList<>();
        Map<Stage, String> failed = new LinkedHashMap<>();
        Set<Stage> blocked = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, order.size())), r -> {
            Thread t = new Thread(r, "stage");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Stage> completion = new ExecutorCompletionService<>(pool);
        Map<Future<Stage>, Stage> running = new HashMap<>();
        try {
            while (!ready.isEmpty() || !running.isEmpty()) {
                boolean stopping = !failed.isEmpty() && !keepGoing;
                while (!stopping && !ready.isEmpty() && running.size() < jobs) {
                    Stage s = ready.poll();
                    running.put(completion.submit(() -> {
                        task.run(s);
                        return s;
                    }), s);
                }
                if (running.isEmpty()) {
                    break;
                }
                Future<Stage> f = completion.take();
                Stage s = running.remove(f);
                try {
                    f.get();
                    done.add(s);
                    for (Stage d : pipeline.downstreamOf(s)) {
                        if (selected.contains(d) && !blocked.contains(d) && waitingOn.merge(d, -1, Integer::sum) == 0) {
                            ready.add(d);
                        }
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof CairnException)) {
                        throw new IllegalStateException("stage '" + s + "' failed unexpectedly", cause);
                    }
                    failed.put(s, cause.getMessage());
                    block(pipeline, s, selected, blocked);
                    ready.removeAll(blocked);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CairnException.failed("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        List<Stage> notRun = order.stream().filter(s -> !done.contains(s) && !failed.containsKey(s)).toList();
        return new Result(done, failed, notRun);
    }

    private static void block(Pipeline pipeline, Stage failed, Set<Stage> selected, Set<Stage> blocked) {
        Deque<Stage> todo = new ArrayDeque<>(pipeline.downstreamOf(failed));
        while (!todo.isEmpty()) {
            Stage d = todo.pop();
            if (selected.contains(d) && blocked.add(d)) {
                todo.addAll(pipeline.downstreamOf(d));
            }
        }
    }
}
