package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git} (and scripts that Git runs) in a work tree, isolated from the user's
 * Git config, with a {@code cairn} on PATH that starts this build's classes in a fresh JVM: what
 * hooks, the merge driver and {@code git bisect run} call.
 */
final class GitProcess {

    /** What one process did: exit code and its stdout and stderr together. */
    record Result(int code, String output) {
        Result expect(int expected) {
            assertEquals(expected, code, () -> "exit code; output:\n" + output);
            return this;
        }
    }

    private final Path workTree;
    private final Path bin;
    private final Map<String, String> env;
    private final Path calls;

    /** {@code scratch} is a directory outside the work tree for HOME and the {@code cairn} launcher. */
    GitProcess(Path workTree, Path scratch) throws IOException {
        this.workTree = workTree;
        this.bin = Files.createDirectories(scratch.resolve("bin"));
        Path home = Files.createDirectories(scratch.resolve("home"));
        this.calls = scratch.resolve("cairn-calls.log");
        writeScript(bin.resolve("cairn"), "#!/bin/sh\necho \"$*\" >> " + quote(calls.toString()) + "\nexec "
                + cairnCommand() + " \"$@\"\n");
        env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LC_ALL", "C"); // Git's messages in English, as the tests read them
    }

    /** The command line that runs Cairn's Main from the test class path, quoted for sh. */
    static String cairnCommand() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // C1 only and serial GC: each call is a short run, like the launcher's non-hashing commands
        return String.join(" ", quote(java.toString()), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow", "-cp", quote(System.getProperty("java.class.path")),
                "dev.cairn.cli.Main");
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static Path writeScript(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    Path bin() {
        return bin;
    }

    /** The arguments of every {@code cairn} call made through PATH so far, one call a line. */
    List<String> cairnCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    Result git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(workTree, cmd);
    }

    Result gitIn(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(dir, cmd);
    }

    Result run(Path dir, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + cmd, e);
        }
    }
}
