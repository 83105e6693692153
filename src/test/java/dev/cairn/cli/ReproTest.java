package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn repro} with real shell commands writing real files. */
class ReproTest {

    @TempDir
    Path dir;

    private TestRepo chain() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("data/raw.txt", "1\n2\n3\n");
        r.write("params.yaml", "scale: 2\nunused: 5\n");
        r.write("pipeline.yaml", """
                stages:
                  prepare:
                    cmd: sort -r data/raw.txt > prepared.txt && echo x >> runs.log
                    deps: [data/raw.txt]
                    outs: [prepared.txt]
                  train:
                    cmd: awk '{print $1 * ${scale}}' prepared.txt > model.txt && echo y >> runs.log
                    deps: [prepared.txt]
                    params: [scale]
                    outs: [model.txt]
                """);
        return r;
    }

    @Test
    void linearChainRunsInOrderThenIsUpToDate() throws Exception {
        TestRepo r = chain();
        TestRepo.Run run = r.run("repro").expect(0);
        assertTrue(run.out().indexOf("Running stage 'prepare'") < run.out().indexOf("Running stage 'train'"), run.out());
        assertEquals("6\n4\n2\n", r.read("model.txt"));
        assertTrue(r.read("pipeline.lock").startsWith("schema: '2.0'\nstages:\n  prepare:\n    cmd: sort -r data/raw.txt"), r.read("pipeline.lock"));
        assertTrue(r.read("pipeline.lock").contains("    params:\n      params.yaml:\n        scale: 2\n"), r.read("pipeline.lock"));
        assertTrue(r.read(".gitignore").contains("/model.txt"));
        assertTrue(Files.exists(r.cacheObject(md5("6\n4\n2\n"))), "output stored in the cache");

        TestRepo.Run again = r.run("repro").expect(0);
        assertTrue(again.out().contains("Data and pipelines are up to date."), again.out());
        assertEquals("x\ny\n", r.read("runs.log"));
        r.run("status").expect(0);
    }

    @Test
    void paramChangeRerunsOnlyItsDependents() throws Exception {
        TestRepo r = chain();
        r.run("repro").expect(0);
        r.write("params.yaml", "scale: 3\nunused: 5\n");
        TestRepo.Run status = r.run("status").expect(0);
        assertTrue(status.out().contains("train") && status.out().contains("changed param: scale (2 -> 3)"), status.out());
        assertFalse(status.out().contains("prepare:"), status.out());
        r.run("repro").expect(0);
        assertEquals("x\ny\ny\n", r.read("runs.log"));
        assertEquals("9\n6\n3\n", r.read("model.txt"));
        r.write("params.yaml", "scale: 3\nunused: 6\n");
        r.run("repro").expect(0);
        assertEquals("x\ny\ny\n", r.read("runs.log"), "an untracked parameter changes nothing");
    }

    @Test
    void runCacheRestoresOutputsWithoutRunning() throws Exception {
        TestRepo r = chain();
        r.run("repro").expect(0);
        r.write("params.yaml", "scale: 3\n");
        r.run("repro").expect(0);
        r.write("params.yaml", "scale: 2\n");
        TestRepo.Run back = r.run("repro").expect(0);
        assertTrue(back.out().contains("restored its outputs from the run cache"), back.out());
        assertEquals("x\ny\ny\n", r.read("runs.log"), "the command did not run again");
        assertEquals("6\n4\n2\n", r.read("model.txt"));
        r.write("params.yaml", "scale: 3\n");
        r.run("repro", "--no-run-cache").expect(0);
        assertEquals("x\ny\ny\ny\n", r.read("runs.log"));
    }

    @Test
    void dependencyChangeRerunsTheChainAndDryRunSaysWhy() throws Exception {
        TestRepo r = chain();
        r.run("repro").expect(0);
        r.write("data/raw.txt", "5\n");
        TestRepo.Run dry = r.run("repro", "--dry").expect(0);
        assertTrue(dry.out().contains("Would run stage 'prepare' (modified dependency: data/raw.txt)"), dry.out());
        assertTrue(dry.out().contains("Would run stage 'train' (upstream stage will run: prepare)"), dry.out());
        assertEquals("x\ny\n", r.read("runs.log"), "--dry runs nothing");
        r.run("repro").expect(0);
        assertEquals("10\n", r.read("model.txt"));
    }

    @Test
    void failingStageStopsWithItsExitStatusAndKeepsEarlierLockEntries() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("pipeline.yaml", """
                stages:
                  a:
                    cmd: echo a > a.txt
                    outs: [a.txt]
                  bad:
                    cmd: echo broken; exit 7
                    deps: [a.txt]
                    outs: [bad.txt]
                  after:
                    cmd: cp bad.txt after.txt
                    deps: [bad.txt]
                    outs: [after.txt]
                  other:
                    cmd: echo o > o.txt
                    deps: [a.txt]
                    outs: [o.txt]
                """);
        TestRepo.Run run = r.run("repro");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("stage 'bad' failed: its command exited with status 7"), run.err());
        assertTrue(run.out().contains("broken"), run.out());
        assertTrue(r.read("pipeline.lock").contains("  a:\n"));
        assertFalse(r.read("pipeline.lock").contains("  bad:\n"));
        assertFalse(r.exists("after.txt"));
        assertFalse(r.exists("o.txt"), "without -k nothing starts after a failure");

        TestRepo.Run keepGoing = r.run("repro", "-k");
        assertEquals(1, keepGoing.code());
        assertTrue(r.exists("o.txt"), "-k runs the stages that do not depend on the failure");
        assertFalse(r.exists("after.txt"));
        assertTrue(keepGoing.err().contains("Not run because of the failure: after"), keepGoing.err());
    }

    @Test
    void diamondRunsEachStageOnceAndParallelStagesArePrefixed() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("pipeline.yaml", """
                stages:
                  top:
                    cmd: echo t > top.txt; echo top >> order.log
                    outs: [top.txt]
                  left:
                    cmd: cat top.txt > left.txt; echo left >> order.log
                    deps: [top.txt]
                    outs: [left.txt]
                  right:
                    cmd: cat top.txt top.txt > right.txt; echo right >> order.log
                    deps: [top.txt]
                    outs: [right.txt]
                  bottom:
                    cmd: cat left.txt right.txt > bottom.txt; echo bottom >> order.log
                    deps: [left.txt, right.txt]
                    outs: [bottom.txt]
                """);
        TestRepo.Run run = r.run("repro", "-j", "2").expect(0);
        String[] order = r.read("order.log").split("\n");
        assertEquals(4, order.length);
        assertEquals("top", order[0]);
        assertEquals("bottom", order[3]);
        assertEquals("t\nt\nt\n", r.read("bottom.txt"));
        assertTrue(run.out().contains("[left] > cat top.txt > left.txt"), run.out());
    }

    @Test
    void independentStagesRunAtTheSameTimeWithJobs() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        // each stage waits (at most 5 s) for the other to have started: only a parallel run passes
        String wait = "touch %1$s.started; i=0; while [ ! -e %2$s.started ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; "
                + "[ -e %2$s.started ] && echo met > %1$s.txt";
        r.write("pipeline.yaml", "stages:\n"
                + "  a:\n    cmd: " + String.format(wait, "a", "b") + "\n    outs: [a.txt]\n"
                + "  b:\n    cmd: " + String.format(wait, "b", "a") + "\n    outs: [b.txt]\n");
        r.run("repro", "-j", "2").expect(0);
        assertEquals("met\n", r.read("a.txt"));
        assertEquals("met\n", r.read("b.txt"));
    }

    @Test
    void foreachAndMatrixExpandIntoNamedStages() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("params.yaml", "models:\n  small: 1\n  large: 3\n");
        r.write("pipeline.yaml", """
                vars:
                  - suffix: txt
                stages:
                  build:
                    foreach: ${models}
                    do:
                      cmd: echo ${key} ${item} > build-${key}.${suffix}
                      outs:
                        - build-${key}.${suffix}
                  grid:
                    matrix:
                      lr: [0.1, 0.2]
                      opt: [sgd, adam]
                    cmd: echo ${item.lr} ${item.opt} > grid-${item.opt}-${item.lr}.txt
                    outs:
                      - grid-${item.opt}-${item.lr}.txt
                """);
        TestRepo.Run run = r.run("repro").expect(0);
        assertEquals("large 3\n", r.read("build-large.txt"));
        assertEquals("0.2 adam\n", r.read("grid-adam-0.2.txt"));
        assertTrue(run.out().contains("Running stage 'build@small'"), run.out());
        assertTrue(run.out().contains("Running stage 'grid@0.1-sgd'"), run.out());
        assertTrue(r.read("pipeline.lock").contains("  grid@0.2-adam:\n"));
        r.run("repro", "-f", "-s", "build@large").expect(0);
    }

    @Test
    void checkoutRestoresStageOutputsFromTheLock() throws Exception {
        TestRepo r = chain();
        r.run("repro").expect(0);
        Files.delete(r.path("model.txt"));
        TestRepo.Run status = r.run("status").expect(0);
        assertTrue(status.out().contains("model.txt"), status.out());
        r.run("checkout").expect(0);
        assertEquals("6\n4\n2\n", r.read("model.txt"));
        r.run("add", "model.txt").expect(2);
    }

    private static String md5(String s) {
        return org.apache.commons.codec.digest.DigestUtils.md5Hex(s);
    }
}
