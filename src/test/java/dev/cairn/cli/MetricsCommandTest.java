package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCommandTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
        r.write("pipeline.yaml", """
                stages:
                  evaluate:
                    cmd: python eval.py
                    metrics:
                    - eval/scores.json:
                        cache: false
                    - eval/loss.yaml
                metrics:
                - summary.toml
                """);
    }

    @Test
    void showPrintsTheNumericLeavesOfNestedJsonAndYaml() throws Exception {
        r.write("eval/scores.json", """
                {"auc": 0.7639812, "test": {"acc": 0.91, "n": 1200, "name": "holdout"}, "tags": [1, 2]}
                """);
        r.write("eval/loss.yaml", "train:\n  loss: 0.25\n  final: true\nval:\n  loss: 1e-3\n");
        TestRepo.Run run = r.run("metrics", "show").expect(0);
        assertEquals("""
                Path              auc      test.acc  test.n  train.loss  val.loss
                eval/scores.json  0.76398  0.91      1200    -           -
                eval/loss.yaml    -        -         -       0.25        0.001
                """, run.out());
        assertEquals("WARNING: summary.toml: no such file\n", run.err());

        assertEquals("{\"eval/scores.json\": {\"auc\": 0.7639812, \"test.acc\": 0.91, \"test.n\": 1200}, "
                        + "\"eval/loss.yaml\": {\"train.loss\": 0.25, \"val.loss\": 0.001}}\n",
                r.run("metrics", "show", "--json").expect(0).out());

        assertEquals("""
                | Path             | auc   | test.acc | test.n | train.loss | val.loss |
                |------------------|-------|----------|--------|------------|----------|
                | eval/scores.json | 0.764 | 0.91     | 1200   | -          | -        |
                | eval/loss.yaml   | -     | -        | -      | 0.25       | 0.001    |
                """, r.run("metrics", "show", "--md", "--precision", "3").expect(0).out());
    }

    @Test
    void showAcrossBranchesAndTagsAndDiffBetweenTwoRevisions() throws Exception {
        r.write("summary.toml", "acc = 0.5\n");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(r.root.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("v1").call();
            git.tag().setName("v1").call();
            r.write("summary.toml", "acc = 0.75\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("v2").call();
        }
        r.write("summary.toml", "acc = 0.8\n");
        TestRepo.Run show = r.run("metrics", "show", "-a", "-T").expect(0);
        assertEquals("""
                Revision   Path          acc
                workspace  summary.toml  0.8
                main       summary.toml  0.75
                v1         summary.toml  0.5
                """, show.out());
        assertEquals("{\"workspace\": {\"summary.toml\": {\"acc\": 0.8}}, \"v1\": {\"summary.toml\": {\"acc\": 0.5}}}\n",
                r.run("metrics", "show", "--rev", "v1", "--json").expect(0).out());
        TestRepo.Run diff = r.run("metrics", "diff", "v1", "main").expect(0);
        assertEquals("""
                Path          Metric  v1   main  Change
                summary.toml  acc     0.5  0.75  0.25
                """, diff.out());
    }

    @Test
    void diffShowsNumericDeltasAgainstHead() throws Exception {
        r.write("eval/scores.json", "{\"auc\": 0.763981, \"test\": {\"acc\": 0.9, \"n\": 1200}}");
        r.write("summary.toml", "[train]\nsteps = 100\n");
        ParamsCommandTest.commitAll(r);
        r.write("eval/scores.json", "{\"auc\": 0.801807, \"test\": {\"acc\": 0.9, \"n\": 1000}}");
        r.write("eval/loss.yaml", "loss: 0.5\n");
        r.write("summary.toml", "[train]\nsteps = 150\n");

        assertEquals("""
                Path              Metric       HEAD     workspace  Change
                eval/loss.yaml    loss         -        0.5        -
                eval/scores.json  auc          0.76398  0.80181    0.03783
                eval/scores.json  test.n       1200     1000       -200
                summary.toml      train.steps  100      150        50
                """, r.run("metrics", "diff").expect(0).out());

        assertEquals("{\"eval/loss.yaml\": {\"loss\": {\"old\": null, \"new\": 0.5}}, "
                        + "\"eval/scores.json\": {\"auc\": {\"old\": 0.763981, \"new\": 0.801807, \"diff\": 0.037826}, "
                        + "\"test.acc\": {\"old\": 0.9, \"new\": 0.9, \"diff\": 0.0}, "
                        + "\"test.n\": {\"old\": 1200, \"new\": 1000, \"diff\": -200}}, "
                        + "\"summary.toml\": {\"train.steps\": {\"old\": 100, \"new\": 150, \"diff\": 50}}}\n",
                r.run("metrics", "diff", "--json", "--all").expect(0).out());

        String md = r.run("metrics", "diff", "--md", "--no-path", "--precision", "2").expect(0).out();
        assertTrue(md.startsWith("""
                | Metric      | HEAD | workspace | Change |
                |-------------|------|-----------|--------|
                | loss        | -    | 0.5       | -      |
                | auc         | 0.76 | 0.8       | 0.04   |
                """), md);
    }

    @Test
    void noChangesPrintNothing() throws Exception {
        r.write("eval/scores.json", "{\"auc\": 0.5}");
        ParamsCommandTest.commitAll(r);
        assertEquals("", r.run("metrics", "diff").expect(0).out());
        assertEquals("{}\n", r.run("metrics", "diff", "--json").expect(0).out());
    }

    @Test
    void aBrokenMetricsFileExitsWith2() throws Exception {
        r.write("eval/scores.json", "{\"auc\": }");
        TestRepo.Run run = r.run("metrics", "show").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().startsWith("ERROR: eval/scores.json:1:9: invalid JSON"), run.err());
    }

    @Test
    void helpListsThePipelineGroupWithExamples() {
        String help = r.run("--help").expect(0).out();
        assertTrue(help.contains("Pipelines commands:\n  repro") && help.contains("  params ") && help.contains("  metrics "), help);
        assertTrue(r.run("metrics", "diff", "--help").expect(0).out().contains("cairn metrics diff --all --md"));
        assertTrue(r.run("params", "diff", "--help").expect(0).out().contains("cairn params diff --all --md"));
    }
}
