package dev.cairn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Kills one command again and again and checks what each kill left. A case is a directory with
 * {@code repo/} (and, for a local remote, {@code remote/}), copied from a template before each
 * run. The reference is one uninterrupted run in a child JVM; it also measures the working window
 * (from taking the repository lock to exit) over which kill delays are drawn uniformly.
 *
 * <p>After each kill: the cache and the remote hold no corrupt object under a final name, no
 * object that was there before and that the finished command keeps is gone, and every manifest
 * and pipeline.lock parses. Then the command runs again (in-process) and the work tree, the cache
 * and the remote must equal the reference.
 */
final class KillLoop {

    /** The objects of a case's remote, verified; null when the case has no remote to check. */
    @FunctionalInterface
    interface RemoteCheck {
        CacheFsck.Report check(Path caseDir) throws Exception;
    }

    /** Called on each fresh copy of the template before the command runs (e.g. to give it an empty bucket). */
    @FunctionalInterface
    interface CasePrep {
        void prepare(Path caseDir) throws Exception;
    }

    /** A case's state: its work tree, and its cache and remote as the fsck stand-in sees them. */
    record State(SortedMap<String, String> workspace, CacheFsck.Report cache, CacheFsck.Report remote) {
    }

    /** What the loop did, for the figures. */
    record Result(int kills, int finishedFirst, int objectsLost, int tempsLeft, long windowMillis, long millis, State expected) {
    }

    private final Class<?> test;
    private final Path work;
    private final long seed;
    private RemoteCheck remote = caseDir -> Files.isDirectory(caseDir.resolve("remote"))
            ? CacheFsck.check(caseDir.resolve("remote")) : null;
    private CasePrep prep = caseDir -> { };

    KillLoop(Class<?> test, Path work, long seed) {
        this.test = test;
        this.work = work;
        this.seed = seed;
    }

    KillLoop remote(RemoteCheck check) {
        this.remote = check;
        return this;
    }

    KillLoop prep(CasePrep casePrep) {
        this.prep = casePrep;
        return this;
    }

    State state(Path caseDir) throws Exception {
        Path repo = caseDir.resolve("repo");
        return new State(Trees.workspace(repo), CacheFsck.check(repo.resolve(".cairn/cache")), remote.check(caseDir));
    }

    Result run(String name, Path template, List<String> args, int kills) throws Exception {
        long started = System.nanoTime();
        long cpu0 = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
        long children0 = childrenCpuMillis();
        Path runs = Files.createDirectories(work.resolve(name + "-runs"));
        State before = state(template);

        Path reference = runs.resolve("reference");
        Trees.copy(template, reference);
        prep.prepare(reference);
        ChildCairn.Run ref = ChildCairn.run(reference.resolve("repo"), runs.resolve("reference.log"), args);
        assertEquals(0, ref.exitCode(), "uninterrupted " + args + ":\n" + ref.output());
        State expected = state(reference);
        assertTrue(expected.cache().clean(), expected.cache().toString());
        long window = Math.max(ref.workNanos(), TimeUnit.MILLISECONDS.toNanos(5));

        Random random = new Random(seed ^ name.hashCode());
        int killed = 0;
        int finishedFirst = 0;
        int lost = 0;
        int tempsLeft = 0;
        for (int attempt = 0; killed < kills; attempt++) {
            assertTrue(attempt < kills * 4, name + ": too many runs finished before the kill; window "
                    + TimeUnit.NANOSECONDS.toMillis(window) + " ms");
            long delay = (long) (random.nextDouble() * window);
            String at = name + " kill #" + killed + " at " + TimeUnit.NANOSECONDS.toMicros(delay) + " us of "
                    + TimeUnit.NANOSECONDS.toMillis(window) + " ms (seed " + seed + ")";
            Path c = runs.resolve("k" + attempt);
            Trees.copy(template, c);
            prep.prepare(c);
            Path repo = c.resolve("repo");
            ChildCairn.Run run = ChildCairn.runAndKill(repo, runs.resolve("k" + attempt + ".log"), args, delay);
            if (!run.killed()) {
                assertEquals(0, run.exitCode(), at + ": ended by itself but failed:\n" + run.output());
                finishedFirst++;
                // the reference run was slower than this one (a busy machine): aim a little earlier
                window = Math.max(TimeUnit.MILLISECONDS.toNanos(5), window * 4 / 5);
                Trees.delete(c);
                continue;
            }
            killed++;

            // right after the kill: nothing corrupt, nothing lost, everything parses
            State now = new State(null, CacheFsck.check(repo.resolve(".cairn/cache")), remote.check(c));
            assertTrue(now.cache().clean(), at + ": cache " + now.cache());
            Set<String> gone = lostObjects(before.cache(), expected.cache(), now.cache());
            if (now.remote() != null) {
                assertTrue(now.remote().clean(), at + ": remote " + now.remote());
                gone.addAll(lostObjects(before.remote(), expected.remote(), now.remote()));
            }
            lost += gone.size();
            assertEquals(Set.of(), gone, at + ": objects lost");
            Trees.parseManifests(repo);
            assertFsckFindsNothingDamaged(repo, at);

            // running it again finishes the work, with the result of an uninterrupted run
            TestRepo.plain(repo).run(args.toArray(String[]::new)).expect(0);
            State after = state(c);
            assertTrue(expected.workspace().equals(after.workspace()), at + ": work tree after the rerun differs: "
                    + difference(expected.workspace(), after.workspace()));
            assertEquals(expected.cache().objects(), after.cache().objects(), at + ": cache after the rerun");
            assertTrue(after.cache().clean(), at + ": cache " + after.cache());
            TestRepo.Run fsck = TestRepo.plain(repo).run("fsck");
            assertEquals(0, fsck.code(), at + ": cairn fsck after the rerun:\n" + fsck.out() + fsck.err());
            tempsLeft += after.cache().temps().size();
            if (after.remote() != null) {
                assertEquals(expected.remote().objects(), after.remote().objects(), at + ": remote after the rerun");
                assertTrue(after.remote().clean(), at + ": remote " + after.remote());
                tempsLeft += after.remote().temps().size();
            }
            Trees.delete(c);
        }
        Trees.delete(reference);
        System.out.printf("%s: %d kills in %d ms; CPU of this JVM %d ms (all its tests), of children %d ms (all)%n", name, killed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L) - cpu0,
                childrenCpuMillis() - children0);
        Result result = new Result(killed, finishedFirst, lost, tempsLeft, TimeUnit.NANOSECONDS.toMillis(window),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), expected);
        Figures.record(test, name + ".kills", result.kills());
        Figures.record(test, name + ".finished-before-kill", result.finishedFirst());
        Figures.record(test, name + ".objects-lost", result.objectsLost());
        Figures.record(test, name + ".temp-files-left-after-rerun", result.tempsLeft());
        Figures.record(test, name + ".window-ms", result.windowMillis());
        Figures.record(test, name + ".duration-ms", result.millis());
        return result;
    }

    /**
     * {@code cairn fsck} right after a kill: no damaged object and no tree that does not parse.
     * Objects the manifests name may be missing (the command was cut short), which fsck reports
     * and the rerun fetches or stores.
     */
    private static void assertFsckFindsNothingDamaged(Path repo, String at) throws Exception {
        TestRepo.Run fsck = TestRepo.plain(repo).run("fsck", "--json");
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fsck.out());
        assertTrue(report != null && report.path("corrupt").isArray() && report.path("corrupt").isEmpty()
                && report.path("invalid_trees").isEmpty(), at + ": cairn fsck after the kill:\n" + fsck.out() + fsck.err());
    }

    /** The entries two snapshots disagree on, as "path: expected -> actual". */
    static String difference(SortedMap<String, String> expected, SortedMap<String, String> actual) {
        java.util.SortedSet<String> paths = new TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        StringBuilder sb = new StringBuilder();
        for (String p : paths) {
            if (!java.util.Objects.equals(expected.get(p), actual.get(p))) {
                sb.append("\n  ").append(p).append(": ").append(expected.get(p)).append(" -> ").append(actual.get(p));
            }
        }
        return sb.toString();
    }

    /** CPU time of this JVM's ended children (cutime + cstime of /proc/self/stat, clock ticks of 10 ms). */
    private static long childrenCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // not Linux: the figure is only printed
        }
    }

    /** Objects that were there before and that the finished command keeps, but that are gone now. */
    private static Set<String> lostObjects(CacheFsck.Report before, CacheFsck.Report expected, CacheFsck.Report now) {
        Set<String> lost = new TreeSet<>(before.objects());
        lost.retainAll(expected.objects());
        lost.removeAll(now.objects());
        return lost;
    }
}
