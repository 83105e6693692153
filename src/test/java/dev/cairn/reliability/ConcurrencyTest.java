package dev.cairn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands at the same time: two adds, an add and a gc in one repository (the repository lock
 * keeps them apart; the one that loses says who holds the lock and exits 3), and two pushes from
 * two clones into one local remote (nothing keeps those apart but atomic renames). Never a
 * corrupt or lost object.
 */
class ConcurrencyTest {

    static final int ROUNDS = Integer.getInteger("cairn.concurrency.rounds", 3);
    static final long SEED = Long.getLong("cairn.crash.seed", System.nanoTime());

    @TempDir
    Path tmp;

    /** A writer blocked by the lock names the holder's PID and command line, and exits 3. */
    @Test
    void aCommandBlockedByTheLockSaysWhoHoldsIt() throws Exception {
        TestRepo r = TestRepo.initialized(tmp.resolve("repo"));
        Trees.writeFiles(r.root, "a", 20, 2, 100, 2000, 1);
        Trees.writeFiles(r.root, "b", 20, 2, 100, 2000, 2);
        Process holder = ChildCairn.start(r.root, tmp.resolve("holder.log"), List.of("add", "a"));
        try {
            assertTrue(ChildCairn.awaitLock(holder, r.root, 60_000), "the child took the lock");
            signal("STOP", holder.pid()); // holds the lock for as long as the test needs
            TestRepo.Run blocked = r.run("add", "b");
            assertEquals(3, blocked.code(), blocked.err());
            assertTrue(blocked.err().startsWith("ERROR: the repository is locked by another Cairn command (PID "
                    + holder.pid() + ": cairn add a)"), blocked.err());
            assertTrue(blocked.err().contains("hint: wait for it to finish"), blocked.err());
            assertTrue(!r.exists("b.cairn"), "the blocked add wrote nothing");
        } finally {
            signal("CONT", holder.pid());
        }
        assertEquals(0, holder.waitFor(), Files.readString(tmp.resolve("holder.log")));
        r.run("add", "b").expect(0);
        assertIntact(r);
    }

    /** Two adds of different targets at once: each finishes or is refused by the lock; rerun, both are whole. */
    @Test
    void twoAddsAtOnce() throws Exception {
        Random random = new Random(SEED);
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            TestRepo r = TestRepo.initialized(tmp.resolve("adds" + round));
            Trees.writeFiles(r.root, "a", 40, 4, 100, 4000, 10 + round);
            Trees.writeFiles(r.root, "b", 40, 4, 100, 4000, 20 + round);
            Trees.writeRandom(r.path("b/model.bin"), 512 << 10, 30 + round);
            List<ChildCairn.Run> runs = together(r.root, random.nextInt(150), List.of("add", "a"), List.of("add", "b"));
            for (int i = 0; i < 2; i++) {
                String target = i == 0 ? "a" : "b";
                refused += lockedOrOk(runs.get(i), "add " + target);
                if (runs.get(i).exitCode() != 0) {
                    r.run("add", target).expect(0);
                }
            }
            assertIntact(r);
            assertEquals(CacheFsck.check(r.path(".cairn/cache")).objects(), Trees.referencedObjects(r.root));
        }
        Figures.record(ConcurrencyTest.class, "two-adds.rounds", ROUNDS);
        Figures.record(ConcurrencyTest.class, "two-adds.refused-by-lock", refused);
    }

    /** An add and a gc -w -f at once: gc never deletes what the add records, whichever goes first. */
    @Test
    void anAddAndAGcAtOnce() throws Exception {
        Random random = new Random(SEED + 1);
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            TestRepo r = TestRepo.initialized(tmp.resolve("gc" + round));
            Trees.writeFiles(r.root, "old", 40, 4, 100, 4000, 40 + round);
            r.run("add", "old").expect(0);
            r.run("remove", "old.cairn").expect(0); // its objects are now garbage for gc -w
            Trees.writeFiles(r.root, "new", 40, 4, 100, 4000, 50 + round);
            List<ChildCairn.Run> runs = together(r.root, random.nextInt(150), List.of("add", "new"), List.of("gc", "-w", "-f"));
            refused += lockedOrOk(runs.get(0), "add new");
            refused += lockedOrOk(runs.get(1), "gc -w -f");
            if (runs.get(0).exitCode() != 0) {
                r.run("add", "new").expect(0);
            }
            r.run("gc", "-w", "-f").expect(0);
            assertIntact(r);
            assertEquals(Trees.referencedObjects(r.root), CacheFsck.check(r.path(".cairn/cache")).objects(),
                    "gc kept exactly what the manifests use");
        }
        Figures.record(ConcurrencyTest.class, "add-and-gc.rounds", ROUNDS);
        Figures.record(ConcurrencyTest.class, "add-and-gc.refused-by-lock", refused);
    }

    /** Two clones push overlapping data into one local remote at the same moment. */
    @Test
    void twoPushesToOneRemoteFromTwoClones() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path remote = Files.createDirectories(tmp.resolve("remote" + round));
            List<TestRepo> clones = new ArrayList<>();
            Set<String> all = new TreeSet<>();
            for (int c = 0; c < 2; c++) {
                TestRepo r = TestRepo.initialized(tmp.resolve("push" + round + "-" + c));
                Trees.writeFiles(r.root, "shared", 60, 4, 100, 4000, 60 + round); // the same bytes in both
                Trees.writeFiles(r.root, "own", 30, 2, 100, 4000, 70 + 2 * round + c);
                Trees.writeRandom(r.path("shared/model.bin"), 1 << 20, 80 + round);
                r.run("add", "shared", "own").expect(0);
                r.run("remote", "add", "-d", "shared", remote.toString()).expect(0);
                all.addAll(CacheFsck.check(r.path(".cairn/cache")).objects());
                clones.add(r);
            }
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<TestRepo.Run>> pushes = new ArrayList<>();
            for (TestRepo r : clones) {
                CompletableFuture<TestRepo.Run> push = new CompletableFuture<>();
                // a thread each (not the common pool, which may have one thread): truly at once
                Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        push.complete(r.run("push", "-j", "4"));
                    } catch (Throwable e) {
                        push.completeExceptionally(e);
                    }
                });
                pushes.add(push);
            }
            start.countDown();
            for (CompletableFuture<TestRepo.Run> p : pushes) {
                p.get(120, TimeUnit.SECONDS).expect(0);
            }
            CacheFsck.Report onRemote = CacheFsck.check(remote);
            assertTrue(onRemote.clean(), onRemote.toString());
            assertEquals(all, onRemote.objects(), "every object of both clones, once");
            for (TestRepo r : clones) {
                assertEquals("", r.run("status", "-c").expect(0).out());
            }
        }
        Figures.record(ConcurrencyTest.class, "two-pushes.rounds", ROUNDS);
    }

    // ---- helpers ----

    /** Starts two child commands, the second {@code staggerMillis} after the first, and waits for both. */
    private List<ChildCairn.Run> together(Path repo, int staggerMillis, List<String> first, List<String> second) throws Exception {
        Path log1 = Files.createTempFile(tmp, "first", ".log");
        Path log2 = Files.createTempFile(tmp, "second", ".log");
        Process p1 = ChildCairn.start(repo, log1, first);
        Thread.sleep(staggerMillis);
        Process p2 = ChildCairn.start(repo, log2, second);
        List<ChildCairn.Run> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Object[] p : new Object[][] {{p1, log1, first}, {p2, log2, second}}) {
            Process process = (Process) p[0];
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child finished");
            System.out.println("ConcurrencyTest: cairn " + p[2].toString() + " ended with "
                    + process.exitValue() + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
            runs.add(new ChildCairn.Run(process.exitValue(), false, 0, Files.readString((Path) p[1])));
        }
        return runs;
    }

    /** 0 when the run succeeded; 1 when the lock refused it, with the holder named; fails otherwise. */
    private static int lockedOrOk(ChildCairn.Run run, String what) {
        if (run.exitCode() == 0) {
            return 0;
        }
        assertEquals(3, run.exitCode(), what + ":\n" + run.output());
        assertTrue(run.output().matches("(?s).*ERROR: the repository is locked by another Cairn command \\(PID \\d+: cairn .*"),
                what + " names the holder:\n" + run.output());
        return 1;
    }

    /** No corrupt object, nothing referenced missing, and the work tree matches the manifests. */
    private static void assertIntact(TestRepo r) throws Exception {
        CacheFsck.Report cache = CacheFsck.check(r.path(".cairn/cache"));
        assertTrue(cache.clean(), cache.toString());
        Set<String> missing = new TreeSet<>(Trees.referencedObjects(r.root));
        missing.removeAll(cache.objects());
        assertEquals(Set.of(), missing, "objects lost");
        assertEquals("", r.run("status").expect(0).out());
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
