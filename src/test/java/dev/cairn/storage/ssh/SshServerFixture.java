package dev.cairn.storage.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH/SFTP server for tests (Apache MINA SSHD), started once per test class on a free
 * loopback port, serving {@code root}, with password authentication, and a known_hosts file that
 * names its host key.
 */
public final class SshServerFixture implements AutoCloseable {

    public static final String USER = "cairn";
    public static final String PASSWORD = "s3cr3t-pass";

    private final SshServer server;
    private final Path knownHosts;

    public SshServerFixture(Path dir) throws Exception {
        this(dir, 0);
    }

    /** A server on {@code port} (0: any free one); the same {@code dir} gives the same root and host key. */
    public SshServerFixture(Path dir, int port) throws Exception {
        Path root = Files.createDirectories(dir.resolve("sftp-root"));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    public int port() {
        return server.getPort();
    }

    public Path root(Path dir) {
        return dir.resolve("sftp-root");
    }

    public Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() throws Exception {
        server.stop(true);
    }
}
