package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamsCommandTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
    }

    static void commitAll(TestRepo r) throws Exception {
        try (Git git = Git.open(r.root.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("commit").setSign(false).call();
        }
    }

    /** A stage that tracks lr, train.epochs and gone from params.yaml, and all of extra.json. */
    private void pipeline() throws Exception {
        r.write("pipeline.yaml", """
                stages:
                  train:
                    cmd: python train.py
                    params:
                    - lr
                    - train
                    - gone
                    - extra.json:
                """);
    }

    @Test
    void showsChangedAddedAndRemovedParams() throws Exception {
        pipeline();
        r.write("params.yaml", "lr: 0.1\ntrain:\n  epochs: 10\n  batch: 32\ngone: x\nuntracked: 1\n");
        r.write("extra.json", "{\"seed\": 1}");
        commitAll(r);
        r.write("params.yaml", "lr: 0.25\ntrain:\n  epochs: 10\n  batch: 64\n  opt: adam\nuntracked: 2\n");
        r.write("extra.json", "{\"seed\": 1, \"k\": [1, 2]}");

        assertEquals("""
                Path         Param        HEAD  workspace
                extra.json   k            -     [1, 2]
                params.yaml  gone         x     -
                params.yaml  lr           0.1   0.25
                params.yaml  train.batch  32    64
                params.yaml  train.opt    -     adam
                """, r.run("params", "diff").expect(0).out());

        assertEquals("{\"extra.json\": {\"k\": {\"old\": null, \"new\": [1, 2]}}, \"params.yaml\": {"
                        + "\"gone\": {\"old\": \"x\", \"new\": null}, "
                        + "\"lr\": {\"old\": 0.1, \"new\": 0.25, \"diff\": 0.15}, "
                        + "\"train.batch\": {\"old\": 32, \"new\": 64, \"diff\": 32}, "
                        + "\"train.opt\": {\"old\": null, \"new\": \"adam\"}}}\n",
                r.run("params", "diff", "--json").expect(0).out());

        assertEquals("""
                | Path        | Param       | HEAD | workspace |
                |-------------|-------------|------|-----------|
                | extra.json  | k           | -    | [1, 2]    |
                | params.yaml | gone        | x    | -         |
                | params.yaml | lr          | 0.1  | 0.25      |
                | params.yaml | train.batch | 32   | 64        |
                | params.yaml | train.opt   | -    | adam      |
                """, r.run("params", "diff", "--md").expect(0).out());
    }

    @Test
    void allShowsUnchangedParamsAndEveryKey() throws Exception {
        pipeline();
        r.write("params.yaml", "lr: 0.1\nuntracked: 1\n");
        commitAll(r);
        r.write("params.yaml", "lr: 0.10\nuntracked: 2\n"); // 0.10 == 0.1: unchanged
        assertEquals("", r.run("params", "diff").expect(0).out());
        assertEquals("""
                Param      HEAD  workspace
                lr         0.1   0.10
                untracked  1     2
                """, r.run("params", "diff", "--all", "--no-path").expect(0).out());
    }

    @Test
    void paramsYamlAloneIsReadWholeAndTheFirstCommitHasNothing() throws Exception {
        r.write("params.yaml", "a: 1\nb: {c: true}\n");
        assertEquals("""
                Path         Param  HEAD  workspace
                params.yaml  a      -     1
                params.yaml  b.c    -     true
                """, r.run("params", "diff").expect(0).out());
        commitAll(r);
        assertEquals("{}\n", r.run("params", "diff", "--json").expect(0).out());
    }

    @Test
    void comparesWithAnyRevisionAndRefusesUnknownOnes() throws Exception {
        r.write("params.yaml", "a: 1\n");
        commitAll(r);
        try (Git git = Git.open(r.root.toFile())) {
            git.tag().setName("v1").setAnnotated(false).call();
        }
        r.write("params.yaml", "a: 2\n");
        commitAll(r);
        r.write("params.yaml", "a: 3\n");
        assertTrue(r.run("params", "diff", "v1").expect(0).out().startsWith("Path         Param  v1  workspace\nparams.yaml  a      1   3\n"));
        TestRepo.Run bad = r.run("params", "diff", "no-such-rev").expect(ExitCodes.BAD_INPUT);
        assertTrue(bad.err().contains("no-such-rev"), bad.err());
        r.run("params", "diff", "--json", "--md").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void readsEveryFormat() throws Exception {
        r.write("pipeline.yaml", """
                stages:
                  a:
                    cmd: x
                    params:
                    - conf/p.yaml: [lr]
                    - conf/p.json: [lr]
                    - conf/p.toml: [train.lr]
                    - conf/p.py: [Train.lr, EPOCHS]
                """);
        r.write("conf/p.yaml", "lr: 0.1\n");
        r.write("conf/p.json", "{\"lr\": 0.1}");
        r.write("conf/p.toml", "[train]\nlr = 0.1\n");
        r.write("conf/p.py", "EPOCHS = 5\n\nclass Train:\n    lr = 0.1\n");
        commitAll(r);
        r.write("conf/p.yaml", "lr: 0.2\n");
        r.write("conf/p.json", "{\"lr\": 0.2}");
        r.write("conf/p.toml", "[train]\nlr = 0.2\n");
        r.write("conf/p.py", "EPOCHS = 6\n\nclass Train:\n    lr = 0.2\n");
        assertEquals("""
                Path         Param     HEAD  workspace
                conf/p.json  lr        0.1   0.2
                conf/p.py    EPOCHS    5     6
                conf/p.py    Train.lr  0.1   0.2
                conf/p.toml  train.lr  0.1   0.2
                conf/p.yaml  lr        0.1   0.2
                """, r.run("params", "diff").expect(0).out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "p.yaml|lr: [0.1\\n|p.yaml:2:1:",
        "p.json|{\\n\"lr\": 0.1,,\\n}|p.json:2:11:",
        "p.toml|lr = \\n|p.toml:1:",
        "p.py|lr = 0.1\\nname = \"x\\n|p.py:2:8:",
    })
    void aBadParamsFileExitsWith2NamingFileAndLine(String name, String text, String where) throws Exception {
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: x\n    params:\n    - " + name + ":\n");
        commitAll(r);
        r.write(name, text.replace("\\n", "\n"));
        TestRepo.Run run = r.run("params", "diff").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().startsWith("ERROR: " + where), run.err());
    }

    @Test
    void aBadFileAtHeadIsNamedWithTheRevision() throws Exception {
        r.write("params.yaml", "a: [1\n");
        commitAll(r);
        r.write("params.yaml", "a: 1\n");
        TestRepo.Run run = r.run("params", "diff").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().startsWith("ERROR: HEAD:params.yaml:2:1:"), run.err());
    }

    @Test
    void pathsLeavingTheRepositoryAreRefused() throws Exception {
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: x\n    params:\n    - ../secret.yaml:\n");
        TestRepo.Run run = r.run("params", "diff").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("pipeline.yaml:5:7") && run.err().contains("leaves"), run.err());
    }

    @Test
    void worksFromASubdirectory() throws Exception {
        r.write("params.yaml", "a: 1\n");
        commitAll(r);
        r.write("params.yaml", "a: 2\n");
        Files.createDirectories(r.path("src"));
        assertEquals("Path         Param  HEAD  workspace\nparams.yaml  a      1     2\n",
                r.in("src").run("params", "diff").expect(0).out());
    }

    @Test
    void withoutGitParamsDiffIsARepositoryStateErrorButMetricsShowWorks() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("nogit/inner"));
        if (dev.cairn.repo.Repository.findGitRoot(tmp.resolve("nogit")).isPresent()) {
            return; // the temporary directory lies in a Git work tree: nothing to check here
        }
        TestRepo p = TestRepo.plain(plain);
        p.run("init", "--no-scm").expect(0);
        p.write("params.yaml", "a: 1\n");
        p.write("pipeline.yaml", "metrics: [m.json]\n");
        p.write("m.json", "{\"auc\": 0.5}");
        TestRepo.Run run = p.run("params", "diff").expect(ExitCodes.STATE);
        assertTrue(run.err().contains("not inside a Git work tree"), run.err());
        assertEquals("Path    auc\nm.json  0.5\n", p.run("metrics", "show").expect(0).out());
    }
}
