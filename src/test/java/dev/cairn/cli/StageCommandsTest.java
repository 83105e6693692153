package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stage add}, {@code stage list}, {@code freeze}/{@code unfreeze} and {@code commit} of stages. */
class StageCommandsTest {

    @TempDir
    Path dir;

    @Test
    void stageAddWritesTheSchemaAndRefusesDuplicatesAndOverlaps() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("in.txt", "a\n");
        r.write("params.yaml", "lr: 0.1\ntrain:\n  epochs: 3\n");
        r.run("stage", "add", "-n", "train", "-d", "in.txt", "-p", "lr,train.epochs", "-p", "other.yaml:", "-o", "model",
                "-M", "metrics.json", "sh", "-c", "mkdir -p model && cp in.txt model/ && echo 1 > metrics.json").expect(0);
        assertEquals("""
                stages:
                  train:
                    cmd: sh -c 'mkdir -p model && cp in.txt model/ && echo 1 > metrics.json'
                    deps:
                    - in.txt
                    params:
                    - lr
                    - train.epochs
                    - other.yaml: []
                    outs:
                    - model
                    metrics:
                    - metrics.json:
                        cache: false
                """, r.read("pipeline.yaml"));
        TestRepo.Run dup = r.run("stage", "add", "-n", "train", "-o", "x", "touch x");
        assertEquals(2, dup.code());
        assertTrue(dup.err().contains("stage 'train' already exists"), dup.err());
        TestRepo.Run overlap = r.run("stage", "add", "-n", "other", "-o", "model/sub", "touch model/sub");
        assertEquals(2, overlap.code());
        assertTrue(overlap.err().contains("lies inside output 'model' of stage 'train'"), overlap.err());
        assertFalse(r.read("pipeline.yaml").contains("other:"), "nothing written");
        r.run("stage", "add", "-n", "train", "-f", "-d", "in.txt", "-o", "copy.txt", "cp in.txt copy.txt").expect(0);
        r.run("repro").expect(0);
        assertEquals("a\n", r.read("copy.txt"));
        assertEquals("train  Outputs copy.txt\n", r.run("stage", "list").expect(0).out());
    }

    @Test
    void frozenStagesDoNotRunUntilUnfrozen() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("in.txt", "1\n");
        r.run("stage", "add", "-n", "copy", "-d", "in.txt", "-o", "out.txt", "cp in.txt out.txt").expect(0);
        r.run("repro").expect(0);
        r.write("in.txt", "2\n");
        r.run("freeze", "copy").expect(0);
        assertTrue(r.read("pipeline.yaml").contains("frozen: true"));
        r.run("repro").expect(0);
        assertEquals("1\n", r.read("out.txt"));
        assertEquals("", r.run("status").expect(0).out());
        r.run("unfreeze", "copy").expect(0);
        assertTrue(r.run("status").expect(0).out().contains("modified dependency: in.txt"));
        r.run("repro").expect(0);
        assertEquals("2\n", r.read("out.txt"));
    }

    @Test
    void commitRecordsAStageWithoutRunningIt() throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("in.txt", "1\n");
        r.run("stage", "add", "-n", "copy", "-d", "in.txt", "-o", "out.txt", "cp in.txt out.txt; echo ran >> log").expect(0);
        r.write("out.txt", "made by hand\n");
        TestRepo.Run commit = r.run("commit", "copy").expect(0);
        assertTrue(commit.out().contains("Committed stage 'copy'"), commit.out());
        assertFalse(r.exists("log"));
        assertEquals("", r.run("status").expect(0).out());
        assertTrue(r.run("repro").expect(0).out().contains("Data and pipelines are up to date."));
    }
}
