package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input ends with a clear message, exit 2, and nothing written. */
class ErrorsTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp.resolve("repo"));
    }

    private String snapshotOfFiles() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.walk(r.root)) {
            s.filter(p -> !p.startsWith(r.root.resolve(".git")) && !p.startsWith(r.root.resolve(".cairn/tmp")))
                    .sorted().forEach(p -> {
                        try {
                            sb.append(r.root.relativize(p)).append(Files.isRegularFile(p) ? ":" + Files.readString(p) : "/").append('\n');
                        } catch (Exception e) {
                            sb.append(p).append(":?\n");
                        }
                    });
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "../outside", "sub/../../outside", "nested/\u0001ctl"})
    void manifestPathsLeavingTheRepositoryAreRefused(String path) throws Exception {
        Files.createDirectories(tmp.resolve("outside"));
        r.write("x.cairn", "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: \"" + path.replace("\u0001", "\\x01") + "\"\n");
        String before = snapshotOfFiles();
        for (String cmd : new String[] {"checkout", "status", "commit"}) {
            TestRepo.Run run = r.run(cmd).expect(ExitCodes.BAD_INPUT);
            assertTrue(run.err().contains("x.cairn:5:"), cmd + ": " + run.err());
        }
        assertEquals(before, snapshotOfFiles());
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    void manifestPathThroughASymlinkOutsideIsRefused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(r.path("link"), outside);
        r.write("x.cairn", "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: link/foo\n");
        Files.createDirectories(r.cacheObject("acbd18db4cc2f85cedef654fccc4a4d8").getParent());
        Files.writeString(r.cacheObject("acbd18db4cc2f85cedef654fccc4a4d8"), "foo");
        TestRepo.Run run = r.run("checkout").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("symlink"), run.err());
        assertFalse(Files.exists(outside.resolve("foo")));
    }

    @Test
    void invalidYamlNamesFileLineAndColumn() throws Exception {
        r.write("bad.cairn", "outs:\n- md5: x\n  path: [unclosed\n");
        TestRepo.Run run = r.run("status").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().matches("(?s)ERROR: bad\\.cairn:\\d+:\\d+: invalid YAML.*"), run.err());
    }

    @Test
    void wrongTypesNameTheKey() throws Exception {
        r.write("bad.cairn", "outs:\n- path: a\n  size: lots\n");
        TestRepo.Run run = r.run("checkout").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("bad.cairn:3:9: 'size' must be a non-negative integer"), run.err());
    }

    @Test
    void invalidConfigNamesFileAndLine() throws Exception {
        Files.writeString(r.path(".cairn/config"), "[core]\nthis is not ini\n");
        r.write("f", "x");
        TestRepo.Run run = r.run("add", "f").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains(".cairn/config:2:1"), run.err());
        assertFalse(r.exists("f.cairn"));
    }

    @Test
    void unknownCacheTypeIsRefused() throws Exception {
        r.run("config", "cache.type", "teleport").expect(ExitCodes.BAD_INPUT);
        Files.writeString(r.path(".cairn/config"), "[cache]\n    type = teleport\n");
        r.write("f", "x");
        TestRepo.Run run = r.run("add", "f").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("config:2") && run.err().contains("teleport"), run.err());
    }

    @Test
    void addRefusesPathsOutsideOrInternal() throws Exception {
        Files.writeString(tmp.resolve("outside.txt"), "x");
        r.write(".cairn/mine", "x");
        r.run("add", "../outside.txt").expect(ExitCodes.BAD_INPUT);
        r.run("add", ".git/config").expect(ExitCodes.BAD_INPUT);
        r.run("add", ".cairn/mine").expect(ExitCodes.BAD_INPUT);
        r.run("add", "missing").expect(ExitCodes.BAD_INPUT);
        assertFalse(r.exists(".gitignore"));
    }

    @Test
    void addRefusesPipelineOutputsAndPartsOfTrackedDirectories() throws Exception {
        r.write("pipeline.yaml", "stages:\n  train:\n    cmd: python train.py\n    outs:\n    - model.pt\n");
        r.write("model.pt", "m");
        TestRepo.Run run = r.run("add", "model.pt").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("stage train"), run.err());
        r.write("data/a", "a");
        r.run("add", "data").expect(0);
        run = r.run("add", "data/a").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("already tracked as part of 'data'"), run.err());
        r.write("outer/inner/x", "x");
        r.run("add", "outer/inner").expect(0);
        run = r.run("add", "outer").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("outer/inner.cairn"), run.err());
        assertFalse(r.exists("outer.cairn"));
    }

    @Test
    void corruptTreeFromOutsideIsRefusedBeforeWriting() throws Exception {
        String tree = "[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"../../evil\"}]";
        String id = org.apache.commons.codec.digest.DigestUtils.md5Hex(tree);
        Path obj = r.root.resolve(".cairn/cache/files/md5/" + id.substring(0, 2) + "/" + id.substring(2) + ".dir");
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, tree);
        r.write("d.cairn", "outs:\n- md5: " + id + ".dir\n  size: 3\n  nfiles: 1\n  hash: md5\n  path: d\n");
        TestRepo.Run run = r.run("checkout").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("not a plain relative path"), run.err());
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void unknownCommandSuggestsAndExitsWithUsage() {
        TestRepo.Run run = r.run("stauts").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("status"), run.err());
    }

    @Test
    void aCacheThatCannotBeWrittenFailsClearlyAndWritesNoManifest() throws Exception {
        Files.writeString(r.path(".cairn/cache/files"), "not a directory");
        r.write("data/a", "a");
        TestRepo.Run run = r.run("add", "data").expect(ExitCodes.FAILED);
        assertTrue(run.err().startsWith("ERROR: cannot add to the cache"), run.err());
        assertFalse(r.exists("data.cairn"));
        assertFalse(r.exists(".gitignore"));
        assertEquals("a", r.read("data/a"));
    }
}
