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
