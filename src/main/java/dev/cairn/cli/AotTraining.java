package dev.cairn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training workload for the JDK's ahead-of-time cache ({@code dist/train-aot.sh}): runs the
 * everyday commands in-process on generated data, so that the cache holds the classes they load
 * and the profiles of their hot code, and later runs start fast and warm up early. With
 * {@code --remotes} it also transfers through a local and an S3 remote, for the second cache that
 * the launcher maps for push, pull, fetch and {@code status -c} only: the JVM loads every class of
 * a cache at start, and the SDKs' thousands would slow down every other command.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("cairn-aot-training");
        try {
            sampleData(dir);
            run(dir, "init", "--no-scm");
            run(dir, "config", "cache.type", "copy");
            run(dir, "add", "data", "model.bin");
            for (int i = 0; i < 3; i++) {
                run(dir, "status");
                run(dir, "add", "data");
            }
            Files.writeString(dir.resolve("data/d0/f0"), "changed");
            Files.delete(dir.resolve("data/d1/f1"));
            run(dir, "status", "--json");
            run(dir, "checkout", "-f");
            run(dir, "commit");
            run(dir, "config", "cache.type", "hardlink");
            run(dir, "checkout", "--relink");
            run(dir, "unprotect", "data");
            run(dir, "gc", "-w", "--dry");
            run(dir, "fsck");
            if (List.of(args).contains("--remotes")) {
                remote(dir);
            }
            pipeline(dir);
            Files.writeString(dir.resolve("pipeline.yaml"), "metrics:\n- metrics.json\n- summary.toml\n");
            Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.9, \"loss\": {\"train\": 0.1}}");
            Files.writeString(dir.resolve("summary.toml"), "[train]\nsteps = 100\n");
            run(dir, "metrics", "show");
            run(dir, "--version");
            run(dir, "--help");
        } finally {
            dev.cairn.util.AtomicFiles.deleteTree(dir);
        }
    }

    /** 5,000 files of 0.5-4.5 KB in 20 directories under data/, and a 4 MB model.bin. */
    static void sampleData(Path dir) throws IOException {
        Random random = new Random(7);
        for (int d = 0; d < 20; d++) {
            Path sub = Files.createDirectories(dir.resolve("data/d" + d));
            for (int i = 0; i < 250; i++) {
                byte[] bytes = new byte[512 + random.nextInt(4096)];
                random.nextBytes(bytes);
                Files.write(sub.resolve("f" + i), bytes);
            }
        }
        Files.write(dir.resolve("model.bin"), new byte[4 << 20]);
    }


    /**
     * Transfers through a local-directory remote, with a file large enough that hashing it warms
     * up: later push, fetch and pull runs then compile their copy-and-hash loops early.
     */
    private static void remote(Path dir) throws IOException {
        byte[] big = new byte[48 << 20];
        new Random(11).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        run(dir, "config", "cache.type", "copy");
        run(dir, "add", "big.bin");
        run(dir, "remote", "add", "-d", "store", dir.resolve("store").toString());
        run(dir, "push");
        run(dir, "status", "-c");
        Files.delete(dir.resolve("big.bin"));
        Path cache = dir.resolve(".cairn/cache");
        Files.move(cache, dir.resolve("old-cache"));
        run(dir, "fetch");
        run(dir, "pull");
        run(dir, "checkout", "big.bin");
        try (AotTrainingS3 s3 = new AotTrainingS3()) {
            run(dir, "remote", "add", "-d", "s3", "s3://training/store");
            run(dir, "remote", "modify", "s3", "endpointurl", s3.endpoint());
            run(dir, "remote", "modify", "--local", "s3", "access_key_id", "training");
            run(dir, "remote", "modify", "--local", "s3", "secret_access_key", "training");
            run(dir, "push");
            run(dir, "status", "-c");
            Files.move(dir.resolve(".cairn/cache"), dir.resolve("old-cache-2"));
            run(dir, "fetch");
            run(dir, "remote", "default", "store");
        }
    }

    /** A small pipeline: stages added, run, then checked while up to date (the common case). */
    private static void pipeline(Path dir) throws IOException {
        Files.writeString(dir.resolve("params.yaml"), "lr: 0.1\nmodels: {a: 1, b: 2}\n");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                stages:
                  fit:
                    foreach: ${models}
                    do:
                      cmd: echo ${item} > fit-${key}.txt
                      deps: [model.bin]
                      params: [lr]
                      outs:
                        - fit-${key}.txt
                """);
        run(dir, "stage", "add", "-n", "join", "-d", "fit-a.txt", "-d", "fit-b.txt", "-o", "joined.txt",
                "cat fit-a.txt fit-b.txt > joined.txt");
        run(dir, "repro", "-j", "2");
        for (int i = 0; i < 3; i++) {
            run(dir, "status");
            run(dir, "repro");
        }
        run(dir, "stage", "list");
    }

    static void run(Path dir, String... args) {
        StringWriter sink = new StringWriter();
        CliContext ctx = new CliContext(dir, Map.of(), Clock.systemUTC(), new PrintWriter(sink), new PrintWriter(sink),
                new BufferedReader(new StringReader("")));
        int code = Main.run(ctx, args);
        if (code != 0) {
            throw new IllegalStateException("training step 'cairn " + String.join(" ", args) + "' failed (" + code + "):\n" + sink);
        }
    }
}
