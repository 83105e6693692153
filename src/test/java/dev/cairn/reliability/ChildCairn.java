package dev.cairn.reliability;

import dev.cairn.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cairn in a child JVM, so that it can be killed for real (SIGKILL): no shutdown hook, no
 * finally block, no flush runs. Children start fast (C1 only, serial GC, a CDS archive of the
 * classes they load): start-up is most of each kill's cost.
 */
final class ChildCairn {

    /** What one run did. */
    record Run(int exitCode, boolean killed, long workNanos, String output) {
    }

    static final int KILLED_EXIT = 128 + 9;

    private ChildCairn() {
    }

    static Process start(Path repo, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(Launch.get().prefix());
        command.add(Main.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /**
     * How children start: the JVM, its flags and a class path of jars only (the compiled classes
     * are packed into jars, since CDS refuses directories), with a CDS archive recorded once per
     * test JVM by {@link ChildTraining}. Without the archive children still work, only slower.
     */
    private record Launch(List<String> prefix) {
        private static Launch instance;

        static synchronized Launch get() {
            if (instance == null) {
                instance = create();
            }
            return instance;
        }

        private static Launch create() {
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            List<String> flags = List.of(javaCommand, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
            String classPath = System.getProperty("java.class.path");
            try {
                Path dir = Files.createTempDirectory("cairn-child-jvm");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Trees.delete(dir)));
                List<String> entries = new ArrayList<>();
                int n = 0;
                for (String entry : classPath.split(java.io.File.pathSeparator)) {
                    Path p = Path.of(entry);
                    if (Files.isDirectory(p)) {
                        Path jar = dir.resolve("classes-" + n++ + ".jar");
                        jarOf(p, jar);
                        entries.add(jar.toString());
                    } else if (Files.exists(p)) {
                        entries.add(entry);
                    }
                }
                String jars = String.join(java.io.File.pathSeparator, entries);
                Path archive = dir.resolve("children.jsa");
                List<String> train = new ArrayList<>(flags);
                train.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", jars, ChildTraining.class.getName()));
                Process p = new ProcessBuilder(train).redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile()).start();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(archive)) {
                    List<String> prefix = new ArrayList<>(flags);
                    prefix.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", jars));
                    return new Launch(List.copyOf(prefix));
                }
                p.destroyForcibly();
                System.out.println("ChildCairn: no CDS archive (see " + dir.resolve("training.log") + "); children start slower");
            } catch (IOException | InterruptedException e) {
                System.out.println("ChildCairn: no CDS archive (" + e + "); children start slower");
            }
            List<String> prefix = new ArrayList<>(flags);
            prefix.addAll(List.of("-cp", classPath));
            return new Launch(List.copyOf(prefix));
        }

        /** Packs a class directory into an uncompressed jar (quick to write and to read). */
        private static void jarOf(Path dir, Path jar) throws IOException {
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar));
                 java.util.stream.Stream<Path> all = Files.walk(dir)) {
                out.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
                for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new java.util.zip.ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * Waits until the child holds the repository lock, the sign that it is doing the command's
     * work (JVM start and option parsing are over). Returns false if it exited first.
     */
    static boolean awaitLock(Process p, Path repo, long timeoutMillis) throws InterruptedException {
        Path lock = repo.resolve(".cairn/tmp/lock");
        byte[] mark = ("PID " + p.pid() + ":").getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (startsWith(lock, mark)) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(1_000_000); // a millisecond is precise enough, and cheap
        }
        throw new AssertionError("the child cairn did not take the repository lock within " + timeoutMillis + " ms");
    }

    private static boolean startsWith(Path file, byte[] mark) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return java.util.Arrays.equals(bytes, 0, Math.min(bytes.length, mark.length), mark, 0, mark.length)
                    && bytes.length >= mark.length;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code cairn args} to its end; {@code workNanos} is the time from taking the lock to exit. */
    static Run run(Path repo, Path log, List<String> args) throws Exception {
        Process p = start(repo, log, args);
        boolean locked = awaitLock(p, repo, 60_000);
        long t0 = System.nanoTime();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cairn " + args + " did not finish in 120 s");
        }
        long work = locked ? System.nanoTime() - t0 : 0;
        return new Run(p.exitValue(), false, work, Files.readString(log));
    }

    /**
     * Starts {@code cairn args} and sends it SIGKILL {@code delayNanos} after it took the lock.
     * {@code killed} is false when the command finished (or died) before the kill was due.
     */
    static Run runAndKill(Path repo, Path log, List<String> args, long delayNanos) throws Exception {
        Process p = start(repo, log, args);
        if (!awaitLock(p, repo, 60_000)) {
            p.waitFor();
            return new Run(p.exitValue(), false, 0, Files.readString(log));
        }
        long t0 = System.nanoTime();
        if (p.waitFor(delayNanos, TimeUnit.NANOSECONDS)) {
            return new Run(p.exitValue(), false, System.nanoTime() - t0, Files.readString(log));
        }
        p.destroyForcibly(); // SIGKILL on Linux; nothing if it has just ended
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the child cairn did not end after SIGKILL");
        }
        // the JDK reports death by signal 9 as 128 + 9; anything else means it ended by itself
        return new Run(p.exitValue(), p.exitValue() == KILLED_EXIT, System.nanoTime() - t0, Files.readString(log));
    }
}
