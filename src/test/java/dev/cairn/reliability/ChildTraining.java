package dev.cairn.reliability;

import dev.cairn.cli.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run once in a child JVM that records the classes it loads into a CDS archive: the commands the
 * reliability tests kill, on a few files, in-process. Later child JVMs map those classes from the
 * archive instead of loading them from jars, which roughly halves their start-up CPU.
 */
public final class ChildTraining {

    private ChildTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cairn-child-training");
        try {
            TestRepo r = TestRepo.initialized(Files.createDirectories(dir.resolve("repo")));
            Files.createDirectories(dir.resolve("remote"));
            Trees.writeFiles(r.root, "data", 20, 2, 100, 2000, 1);
            r.run("remote", "add", "-d", "local", "../remote");
            r.run("add", "data");
            r.run("status");
            r.write("pipeline.yaml", "stages:\n  s:\n    cmd: 'true'\n    deps: [data]\n    outs: [out]\n");
            r.write("out/a", "a");
            Trees.writeFiles(r.root, "data", 5, 2, 100, 2000, 2);
            r.run("commit");
            r.run("push");
            Trees.delete(r.path("data"));
            r.run("checkout");
            r.run("gc", "-w", "-f");
            Trees.delete(r.path(".cairn/cache"));
            r.run("pull");
        } finally {
            Trees.delete(dir);
        }
    }
}
