package dev.cairn.storage.ssh;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageContract;
import dev.cairn.storage.StorageException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The storage contract against a real SSH/SFTP server; host keys are checked. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshStorageTest extends StorageContract {

    private Path dir;
    private SshServerFixture server;

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("cairn-ssh-test");
        server = new SshServerFixture(dir);
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    private Map<String, String> options(Path knownHosts, String password) {
        return Map.of("user", SshServerFixture.USER, "password", password, "known_hosts", knownHosts.toString());
    }

    @Override
    protected Storage newStorage() throws Exception {
        return SshStorage.open(URI.create("ssh://127.0.0.1:" + server.port() + "/remotes/" + UUID.randomUUID()),
                options(server.knownHosts(), SshServerFixture.PASSWORD));
    }

    @Test
    void anUnknownHostKeyIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        StorageException e = assertThrows(StorageException.class, () -> SshStorage.open(
                URI.create("ssh://127.0.0.1:" + server.port() + "/x"), options(empty, SshServerFixture.PASSWORD)));
        assertTrue(e.getMessage().contains("host key"), e.getMessage());
    }

    @Test
    void aWrongPasswordFailsWithoutEchoingIt() {
        StorageException e = assertThrows(StorageException.class, () -> SshStorage.open(
                URI.create("ssh://127.0.0.1:" + server.port() + "/x"), options(server.knownHosts(), "wrong-guess")));
        assertTrue(!e.getMessage().contains("wrong-guess"), e.getMessage());
    }
}
