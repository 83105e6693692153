package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client (target/cairn-client, built from src/main/c where a C compiler is installed)
 * with a real daemon JVM: it starts one when none answers and runs the command in its own JVM
 * meanwhile; then the daemon serves; a declined command runs in its own JVM. The "own JVM" here
 * is a script that says so, so each answer shows who gave it. CI sets CAIRN_REQUIRE_DAEMON_CLIENT,
 * which turns a missing client into a failure.
 */
class DaemonClientTest {

    private static final Path CLIENT = Path.of("target/cairn-client").toAbsolutePath();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    private Result client(Path rundir, Path cwd, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(rundir, args)).directory(cwd.toFile());
        pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the client finished");
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }

    /** cairn-client with a daemon of this test's classes and a stand-in for the JVM of its own. */
    private List<String> command(Path rundir, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> daemon = List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.cairn.cli.Daemon");
        Path ownJvm = tmp.resolve("own-jvm");
        if (!Files.exists(ownJvm)) {
            Files.writeString(ownJvm, "#!/bin/sh\necho \"own JVM: $*\"\nexit 42\n");
            Files.setPosixFilePermissions(ownJvm, PosixFilePermissions.fromString("rwx------"));
        }
        List<String> cmd = new ArrayList<>(List.of(CLIENT.toString(), rundir.toString(), "60", Integer.toString(daemon.size())));
        cmd.addAll(daemon);
        cmd.addAll(List.of("1", ownJvm.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<Path> named(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void startsADaemonThenIsServedByIt() throws Exception {
        boolean required = System.getenv("CAIRN_REQUIRE_DAEMON_CLIENT") != null;
        assumeTrue(required || Files.isExecutable(CLIENT), "no C compiler built " + CLIENT);
        assertTrue(Files.isExecutable(CLIENT), CLIENT + " was not built (is a C compiler installed?)");
        Path rundir = tmp.resolve("run");
        TestRepo repo = TestRepo.initialized(Files.createDirectories(tmp.resolve("repo")));
        repo.write("data/a.txt", "a");
        repo.run("add", "data").expect(0);
        repo.write("data/a.txt", "changed");

        Result first = client(rundir, repo.root, "status");
        assertEquals(42, first.code(), "no daemon yet: its own JVM ran the command");
        assertEquals("own JVM: status\n", first.out());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rundir)));
        Path pid = null;
        for (int i = 0; i < 600 && pid == null; i++) { // the daemon JVM starting in the background
            List<Path> pids = named(rundir, ".pid");
            pid = pids.isEmpty() ? null : pids.get(0);
            Thread.sleep(50);
        }
        assertTrue(pid != null, "a daemon started");
        try {
            Result served = client(rundir, repo.root, "status");
            TestRepo.Run direct = repo.run("status");
            assertEquals(direct.code(), served.code(), served.err());
            assertEquals(direct.out(), served.out());
            assertTrue(served.out().contains("modified"), served.out());

            Result error = client(rundir, tmp, "status");
            assertEquals(ExitCodes.STATE, error.code());
            assertTrue(error.err().contains("not a Cairn repository"), error.err());

            // a reader that goes away early (| grep -q) does not change the exit code, as with a JVM
            Process p = new ProcessBuilder(command(rundir, "status")).directory(repo.root.toFile()).start();
            p.getInputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(direct.code(), p.exitValue());

            Result declined = client(rundir, repo.root, "add", "data");
            assertEquals(42, declined.code());
            assertEquals("own JVM: add data\n", declined.out());
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
        }
        for (int i = 0; i < 200 && !named(rundir, ".sock").isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), named(rundir, ".sock"), "a daemon told to stop removes its socket");
    }

    @Test
    void aRunDirectoryOthersCanEnterIsNotUsed() throws Exception {
        assumeTrue(Files.isExecutable(CLIENT), "no C compiler built " + CLIENT);
        Path rundir = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(rundir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Result r = client(rundir, tmp, "--version");
        assertEquals(42, r.code(), "its own JVM, and no daemon started");
        assertEquals(List.of(), named(rundir, ".sock"));
        assertEquals(List.of(), named(rundir, ".pid"));
    }
}
