package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a denied write end with a clear message, exit 1, no manifest and no partial
 * object. Both need root (to mount a tiny tmpfs, to run Cairn as another user); elsewhere they are
 * reported as skipped, never as passed.
 */
class WriteFailureTest {

    @TempDir
    Path tmp;

    private static int exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aFullDiskLeavesNoPartialObject() throws Exception {
        assumeTrue(isRoot(), "needs root to mount a tmpfs");
        TestRepo r = TestRepo.initialized(tmp);
        Path cache = r.path(".cairn/cache");
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", cache.toString()) == 0,
                "mount is not permitted here");
        try {
            byte[] big = new byte[512 * 1024];
            new java.util.Random(1).nextBytes(big);
            Files.createDirectories(r.path("data"));
            Files.write(r.path("data/big.bin"), big);
            TestRepo.Run run = r.run("add", "data").expect(ExitCodes.FAILED);
            assertTrue(run.err().contains("no space left on device"), run.err());
            assertFalse(r.exists("data.cairn"));
            assertEquals(List.of(), filesUnder(cache), "no partial object and no temporary file");
            assertTrue(Files.exists(r.path("data/big.bin")));
        } finally {
            exec("umount", cache.toString());
        }
    }

    @Test
    void aDeniedWriteLeavesNoPartialObject() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        TestRepo r = TestRepo.initialized(tmp);
        r.write("data/a", "a");
        // the repository readable by everyone, its lock and hash cache writable, the cache not
        for (Path p = tmp; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
            if (p.startsWith(Path.of(System.getProperty("java.io.tmpdir")))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.setPosixFilePermissions(r.root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(r.path(".cairn/tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> asNobody = List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        assumeTrue(exec(Stream.concat(asNobody.stream(), Stream.of("--version")).toArray(String[]::new)) == 0,
                "the user nobody cannot read the test class path here");
        Process p = new ProcessBuilder(Stream.concat(asNobody.stream(), Stream.of("add", "data")).toList())
                .directory(r.root.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(ExitCodes.FAILED, p.waitFor(), output);
        assertTrue(output.contains("permission denied"), output);
        assertFalse(r.exists("data.cairn"));
        assertEquals(List.of(), filesUnder(r.path(".cairn/cache")));
    }
}
