package dev.cairn.storage.ssh;

import dev.cairn.storage.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sshd for tests, the server most SSH remotes run: started once per test class on a
 * free loopback port with its own config, an ed25519 host key and an ed25519 user key that is
 * the only way in. The binary comes from $CAIRN_SSHD or /usr/sbin/sshd (.ci/run installs
 * openssh-server); without it the tests fail.
 */
final class OpenSshServer implements AutoCloseable {

    private final ServerProcess process;
    private final Path userKey;
    private final Path knownHosts;

    OpenSshServer(Path dir) throws Exception {
        Path sshd = Path.of(System.getenv().getOrDefault("CAIRN_SSHD", "/usr/sbin/sshd"));
        if (!Files.isExecutable(sshd)) {
            throw new IllegalStateException("OpenSSH's sshd is not installed at " + sshd
                    + "; run 'bash .ci/run' or 'apt-get install openssh-server', or set CAIRN_SSHD");
        }
        Path hostKey = dir.resolve("host_ed25519");
        userKey = dir.resolve("user_ed25519");
        keygen(hostKey);
        keygen(userKey);
        Files.copy(dir.resolve("user_ed25519.pub"), dir.resolve("authorized_keys"));
        // sshd refuses to start as root without its privilege-separation directory
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep) && "root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(privsep);
        }
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "Subsystem sftp internal-sftp",
                "") );
        process = new ServerProcess(sshd, "-D", "-e", "-f", config.toString(), "-p", "{port}");
        String hostPublic = Files.readString(dir.resolve("host_ed25519.pub")).strip();
        String[] parts = hostPublic.split(" ");
        knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port() + " " + parts[0] + " " + parts[1] + "\n");
    }

    private static void keygen(Path key) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    int port() {
        return process.port();
    }

    Path userKey() {
        return userKey;
    }

    Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() {
        process.close();
    }
}
