package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An add or checkout killed with SIGKILL at a random moment loses nothing: running it again
 * completes the work with the same result. A few kills per command keep the suite quick; the
 * seed is printed so a failure can be replayed.
 */
class InterruptedCommandTest {

    private static final int KILLS = 4;

    @TempDir
    Path tmp;

    private static void writeData(TestRepo r, int files) throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < files; i++) {
            byte[] bytes = new byte[200 + random.nextInt(3000)];
            random.nextBytes(bytes);
            Path p = r.path("data/d" + (i % 10) + "/f" + i);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        }
    }

    /** Starts {@code cairn args} in a child JVM and kills it after {@code delayMs} (if still running). */
    private static void runAndKill(Path dir, long delayMs, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = Stream.concat(Stream.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()), Stream.of(args)).toList();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
        }
    }

    @Test
    void killedAddsAndCheckoutsCompleteWhenRunAgain() throws Exception {
        long seed = System.nanoTime();
        System.out.println("InterruptedCommandTest seed: " + seed);
        Random random = new Random(seed);

        TestRepo reference = TestRepo.initialized(Files.createDirectories(tmp.resolve("reference")));
        writeData(reference, 1500);
        reference.run("add", "data").expect(0);
        String expected = reference.read("data.cairn");

        for (int k = 0; k < KILLS; k++) {
            TestRepo r = TestRepo.initialized(Files.createDirectories(tmp.resolve("add" + k)));
            writeData(r, 1500);
            runAndKill(r.root, 150 + random.nextInt(1200), "add", "data");
            r.run("add", "data").expect(0);
            assertEquals(expected, r.read("data.cairn"), "seed " + seed);
            assertEquals("", r.run("status").expect(0).out(), "seed " + seed);

            Files.move(r.path("data"), r.path("old-data"));
            runAndKill(r.root, 150 + random.nextInt(1200), "checkout");
            r.run("checkout").expect(0);
            assertEquals("", r.run("status").expect(0).out(), "seed " + seed);
            try (Stream<Path> files = Files.walk(r.path("data"))) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".cairn-tmp-")), "seed " + seed);
            }
            assertEquals(Files.readString(reference.path("data/d3/f1003"), java.nio.charset.StandardCharsets.ISO_8859_1),
                    Files.readString(r.path("data/d3/f1003"), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
