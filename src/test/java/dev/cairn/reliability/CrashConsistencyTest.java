package dev.cairn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.cli.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: each of add, checkout, commit, push, pull and gc runs in a child JVM that
 * is killed with SIGKILL at a random moment of its work, {@value #DEFAULT_KILLS} times per
 * command by default ({@code -Dcairn.crash.kills=N}). After every kill the cache (and a local
 * remote) holds no corrupt object and no partial object under a final name, no object that the
 * finished command keeps has been lost, and manifests and pipeline.lock parse; then the command
 * runs again and must leave the work tree, the cache and the remote exactly as an uninterrupted
 * run did.
 *
 * <p>Kills are drawn uniformly over the command's working window: from the moment it holds the
 * repository lock to its exit, as measured by the uninterrupted reference run. The seed is
 * printed; {@code -Dcairn.crash.seed=N} draws the same delays again (timing on a busy machine
 * still varies, so a replay lands near, not exactly on, the same instructions).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashConsistencyTest {

    static final int DEFAULT_KILLS = 30;
    static final int KILLS = Integer.getInteger("cairn.crash.kills", DEFAULT_KILLS);
    static final long SEED = Long.getLong("cairn.crash.seed", System.nanoTime());

    @TempDir
    Path tmp;

    @BeforeAll
    void printSeed() {
        System.out.println("CrashConsistencyTest seed " + SEED + " (replay with -Dcairn.crash.seed=" + SEED
                + "), " + KILLS + " kills per command");
    }

    // ---- scenarios ----

    @Test
    void add() throws Exception {
        Path t = template("add", false, r -> writeV1(r.root));
        killLoop("add", t, List.of("add", "data", "model.bin"));
    }

    @Test
    void checkout() throws Exception {
        Path t = template("checkout", false, r -> {
            writeV1(r.root);
            r.run("add", "data", "model.bin").expect(0);
            String data = r.read("data.cairn");
            String model = r.read("model.bin.cairn");
            writeV2(r.root);
            r.run("add", "data", "model.bin").expect(0);
            // as after 'git checkout' of the older commit: manifests of v1, files of v2
            r.write("data.cairn", data);
            r.write("model.bin.cairn", model);
        });
        killLoop("checkout", t, List.of("checkout"));
    }

    @Test
    void commit() throws Exception {
        Path t = template("commit", false, r -> {
            writeV1(r.root);
            r.run("add", "data", "model.bin").expect(0);
            r.write("pipeline.yaml", "stages:\n  featurize:\n    cmd: ./featurize.sh\n    deps:\n    - data\n    outs:\n    - features\n");
            Trees.writeFiles(r.root, "features", 12, 2, 100, 4000, 5);
            writeV2(r.root);
        });
        killLoop("commit", t, List.of("commit"));
    }

    @Test
    void push() throws Exception {
        Path t = template("push", true, r -> {
            writeV1(r.root);
            r.run("add", "data", "model.bin").expect(0);
        });
        killLoop("push", t, List.of("push"));
    }

    @Test
    void pull() throws Exception {
        Path t = template("pull", true, r -> {
            writeV1(r.root);
            r.run("add", "data", "model.bin").expect(0);
            r.run("push").expect(0);
            // a fresh clone: manifests only, empty cache
            Trees.delete(r.path(".cairn/cache"));
            Trees.delete(r.path(".cairn/tmp"));
            Trees.delete(r.path("data"));
            Files.delete(r.path("model.bin"));
        });
        killLoop("pull", t, List.of("pull"));
    }

    @Test
    void gc() throws Exception {
        Path t = template("gc", false, r -> {
            writeV1(r.root);
            r.run("add", "data", "model.bin").expect(0);
            writeV2(r.root);
            r.run("add", "data", "model.bin").expect(0);
        });
        KillLoop.Result result = killLoop("gc", t, List.of("gc", "-w", "-f"));
        // what gc kept is exactly what the manifests reference: so what it deleted was unreferenced
        assertEquals(Trees.referencedObjects(t.resolve("repo")), result.expected().cache().objects());
    }

    // ---- helpers ----

    @FunctionalInterface
    interface Setup {
        void prepare(TestRepo r) throws Exception;
    }

    /** {@code <name>-template/repo} (and {@code remote} when asked, the repository's default remote). */
    private Path template(String name, boolean remote, Setup setup) throws Exception {
        Path t = tmp.resolve(name + "-template");
        TestRepo r = TestRepo.initialized(Files.createDirectories(t.resolve("repo")));
        if (remote) {
            Files.createDirectories(t.resolve("remote"));
            // a relative URL (stored relative to .cairn/): a copy of the template uses its own remote
            r.run("remote", "add", "-d", "local", "../remote").expect(0);
        }
        setup.prepare(r);
        return t;
    }

    private KillLoop.Result killLoop(String name, Path template, List<String> args) throws Exception {
        return new KillLoop(CrashConsistencyTest.class, tmp, SEED).run(name, template, args, KILLS);
    }

    // ---- data ----

    static void writeV1(Path root) throws Exception {
        Trees.writeFiles(root, "data", 48, 4, 200, 4000, 1);
        Trees.writeRandom(root.resolve("model.bin"), 512 << 10, 2);
    }

    /** A next version: a quarter of the files changed, some deleted, a new directory, a new model. */
    static void writeV2(Path root) throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 48; i += 4) {
            Trees.writeRandom(root.resolve("data/d" + (i % 4) + "/f" + i + ".bin"), 100 + random.nextInt(4000), 100 + i);
        }
        for (int i = 33; i < 48; i += 2) {
            Files.delete(root.resolve("data/d" + (i % 4) + "/f" + i + ".bin"));
        }
        Trees.writeFiles(root, "data/new", 10, 2, 100, 3000, 4);
        Trees.writeRandom(root.resolve("model.bin"), 512 << 10, 6);
    }
}
