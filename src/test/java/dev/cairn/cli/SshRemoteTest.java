package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.storage.ssh.SshServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** push and pull through an ssh:// remote on a real SSH/SFTP server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshRemoteTest {

    private Path dir;
    private SshServerFixture server;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("cairn-ssh-remote");
        server = new SshServerFixture(dir);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private void configure(TestRepo r, Path knownHosts) {
        r.run("remote", "add", "-d", "box", "ssh://127.0.0.1:" + server.port() + "/store").expect(0);
        r.run("remote", "modify", "box", "user", SshServerFixture.USER).expect(0);
        r.run("remote", "modify", "box", "known_hosts", knownHosts.toString()).expect(0);
        r.run("remote", "modify", "--local", "box", "password", SshServerFixture.PASSWORD).expect(0);
    }

    @Test
    void pushAndPullThroughSftp(@TempDir Path tmp) throws Exception {
        TestRepo a = TestRepo.initialized(Files.createDirectories(tmp.resolve("a")));
        TestRepo b = TestRepo.initialized(Files.createDirectories(tmp.resolve("b")));
        configure(a, server.knownHosts());
        configure(b, server.knownHosts());
        for (int i = 0; i < 25; i++) {
            a.write("data/f" + i, "sftp content " + i);
        }
        a.run("add", "data").expect(0);
        assertTrue(a.run("push").expect(0).out().startsWith("26 object(s) pushed"));
        Files.copy(a.path("data.cairn"), b.path("data.cairn"));
        b.run("pull").expect(0);
        assertEquals("sftp content 24", b.read("data/f24"));
    }

    @Test
    void aPushCutByTheServerGoingAwayCompletesWhenRunAgain(@TempDir Path tmp) throws Exception {
        Path serverDir = Files.createDirectories(tmp.resolve("server"));
        SshServerFixture own = new SshServerFixture(serverDir);
        int port = own.port();
        TestRepo a = TestRepo.initialized(Files.createDirectories(tmp.resolve("a")));
        a.run("remote", "add", "-d", "box", "ssh://127.0.0.1:" + port + "/store").expect(0);
        a.run("remote", "modify", "box", "user", SshServerFixture.USER).expect(0);
        a.run("remote", "modify", "box", "known_hosts", own.knownHosts().toString()).expect(0);
        a.run("remote", "modify", "--local", "box", "password", SshServerFixture.PASSWORD).expect(0);
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 400; i++) {
            byte[] bytes = new byte[2000 + random.nextInt(20_000)];
            random.nextBytes(bytes);
            Path p = a.path("data/d" + (i % 8) + "/f" + i);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        }
        a.run("add", "data").expect(0);

        java.util.concurrent.CompletableFuture<TestRepo.Run> push =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> a.run("push"));
        Thread.sleep(400);
        own.close(); // the connection goes away mid-transfer
        TestRepo.Run cut = push.get();
        SshServerFixture again = new SshServerFixture(serverDir, port);
        try {
            TestRepo.Run rerun = a.run("push").expect(0);
            assertTrue(cut.code() != 0 || rerun.out().startsWith("0 object(s) pushed"), cut + " / " + rerun);
            Path objects = again.root(serverDir).resolve("store/files/md5");
            int count = 0;
            try (java.util.stream.Stream<Path> files = Files.walk(objects)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(".cairn-tmp-")) {
                        continue; // left by the cut upload, never under an object's name
                    }
                    String id = f.getParent().getFileName().toString() + name;
                    String hex = id.endsWith(".dir") ? id.substring(0, id.length() - 4) : id;
                    assertEquals(hex, org.apache.commons.codec.digest.DigestUtils.md5Hex(Files.readAllBytes(f)), "object " + id);
                    count++;
                }
            }
            assertEquals(401, count, "every object is on the remote, each with the right bytes");
        } finally {
            again.close();
        }
    }

    @Test
    void anUnknownHostIsRefusedClearly(@TempDir Path tmp) throws Exception {
        TestRepo a = TestRepo.initialized(tmp);
        configure(a, Files.writeString(tmp.resolve("known_hosts_empty"), ""));
        a.write("f", "x");
        a.run("add", "f").expect(0);
        TestRepo.Run run = a.run("push").expect(ExitCodes.FAILED);
        assertTrue(run.err().contains("host key") && run.err().contains("unknown or has changed"), run.err());
        assertFalse(run.err().contains(SshServerFixture.PASSWORD), run.err());
    }
}
