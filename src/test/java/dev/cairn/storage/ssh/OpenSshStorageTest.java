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

/**
 * The storage contract against OpenSSH (SFTP version 3, ed25519 keys): what most SSH remotes
 * are, and stricter than the in-process server (no overwriting rename).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshStorageTest extends StorageContract {

    private Path dir;
    private OpenSshServer server;

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("cairn-openssh-test");
        server = new OpenSshServer(dir);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private Map<String, String> options(Path knownHosts) {
        return Map.of("user", System.getProperty("user.name"), "keyfile", server.userKey().toString(),
                "known_hosts", knownHosts.toString());
    }

    @Override
    protected Storage newStorage() throws Exception {
        return SshStorage.open(URI.create("ssh://127.0.0.1:" + server.port() + dir.resolve("remotes").resolve(UUID.randomUUID().toString())),
                options(server.knownHosts()));
    }

    @Test
    void anUnknownEd25519HostKeyIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        StorageException e = assertThrows(StorageException.class, () -> SshStorage.open(
                URI.create("ssh://127.0.0.1:" + server.port() + dir), options(empty)));
        assertTrue(e.getMessage().contains("host key"), e.getMessage());
    }
}
