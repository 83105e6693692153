package dev.cairn.transfer;

import dev.cairn.hash.ObjectId;
import dev.cairn.odb.ObjectStore;
import dev.cairn.progress.Progress;
import dev.cairn.util.Workers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one transfer mechanism, for every direction: find which objects the destination lacks,
 * then copy them on the worker pool, each verified against its id on the way in.
 */
public final class Transfer {

    /** Up to this many objects, asking object by object is always cheap enough. */
    static final int LISTING_THRESHOLD = 256;

    /** Keys a listing request returns (S3 and GCS pages hold 1,000). */
    static final int KEYS_PER_LISTING = 1000;

    /**
     * @param copied  objects copied
     * @param present objects the destination had already
     * @param missing objects the source lacks too
     * @param corrupt objects whose source bytes do not match their id (not copied)
     */
    public record Result(int copied, int present, List<ObjectId> missing, List<ObjectId> corrupt) {
    }

    private final Workers workers;
    private final Progress progress;

    public Transfer(Workers workers) {
        this(workers, Progress.NONE);
    }

    /** A transfer on {@code workers} that reports each object copied to {@code progress}. */
    public Transfer(Workers workers, Progress progress) {
        this.workers = workers;
        this.progress = progress;
    }

    /** Which of {@code ids} {@code store} holds. */
    public Set<ObjectId> present(Collection<ObjectId> ids, ObjectStore store) {
        Set<ObjectId> found = ConcurrentHashMap.newKeySet();
        if (ids.size() > LISTING_THRESHOLD && listingIsCheaper(ids.size(), store)) {
            Set<String> values = store.objectValues(workers);
            for (ObjectId id : ids) {
                if (values.contains(id.value())) {
                    found.add(id);
                }
            }
        } else {
            workers.forEach(List.copyOf(ids), id -> {
                if (store.contains(id)) {
                    found.add(id);
                }
            });
        }
        return found;
    }

    /**
     * A listing costs one request per page of the whole store; checking costs one request per
     * object, spread over the workers. A store that cannot estimate its size is listed.
     */
    private boolean listingIsCheaper(int wanted, ObjectStore store) {
        long estimated = store.estimatedCount();
        return estimated < 0 || estimated / KEYS_PER_LISTING <= wanted / Math.max(1, workers.threads());
    }

    /** Copies what {@code to} lacks; {@code task} names the work for progress ("Pushing"). */
    public Result copy(String task, Collection<ObjectId> ids, ObjectStore from, ObjectStore to) {
        return copy(task, ids, from, to, id -> { });
    }

    /**
     * Copies what {@code to} lacks, telling {@code arrived} of each object of {@code ids} as soon
     * as {@code to} holds it: on a worker, right after its copy, or for those it held already,
     * on the workers too. Objects missing or corrupt at the source never arrive.
     */
    public Result copy(String task, Collection<ObjectId> ids, ObjectStore from, ObjectStore to, Consumer<ObjectId> arrived) {
        Set<ObjectId> already = present(ids, to);
        List<ObjectId> todo = new ArrayList<>();
        for (ObjectId id : ids) {
            if (!already.contains(id)) {
                todo.add(id);
            }
        }
        List<ObjectId> work = new ArrayList<>(todo);
        work.addAll(already);
        AtomicInteger copied = new AtomicInteger();
        List<ObjectId> missing = Collections.synchronizedList(new ArrayList<>());
        List<ObjectId> corrupt = Collections.synchronizedList(new ArrayList<>());
        progress.begin(task, todo.size());
        try {
            workers.forEach(work, id -> {
                if (already.contains(id)) {
                    arrived.accept(id);
                    return;
                }
                ObjectStore.Blob blob = from.open(id);
                if (blob == null) {
                    missing.add(id);
                    progress.item(0);
                    return;
                }
                try {
                    to.put(id, blob);
                    copied.incrementAndGet();
                } catch (ObjectStore.CorruptObjectException e) {
                    corrupt.add(id);
                    progress.item(Math.max(0, blob.size()));
                    return;
                }
                progress.item(Math.max(0, blob.size()));
                arrived.accept(id);
            });
        } finally {
            progress.end();
        }
        List<ObjectId> m = new ArrayList<>(missing);
        List<ObjectId> c = new ArrayList<>(corrupt);
        Collections.sort(m);
        Collections.sort(c);
        return new Result(copied.get(), already.size(), m, c);
    }
}
