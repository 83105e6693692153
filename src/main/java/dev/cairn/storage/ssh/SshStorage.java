package dev.cairn.storage.ssh;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A storage in a directory on an SSH server, over SFTP. Host keys are checked against
 * {@code ~/.ssh/known_hosts} (or the remote's {@code known_hosts} file): an unknown or changed key
 * is refused, never accepted silently. Values are written under a temporary name and renamed.
 */
public final class SshStorage implements Storage {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;
    private final String root;
    private final String shown;

    private SshStorage(SshClient client, ClientSession session, SftpClient sftp, String root, String shown) {
        this.client = client;
        this.session = session;
        this.sftp = sftp;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.shown = shown;
    }

    /**
     * Connects to {@code ssh://[user@]host[:port]/path} with the remote's options {@code user},
     * {@code port}, {@code keyfile}, {@code password}, {@code known_hosts}; keys and settings
     * otherwise come from {@code ~/.ssh/config} and {@code ~/.ssh/id_*}.
     */
    public static SshStorage open(URI url, Map<String, String> options) throws StorageException {
        String user = options.getOrDefault("user", url.getUserInfo() != null ? url.getUserInfo().split(":")[0]
                : System.getProperty("user.name"));
        int port = Integer.parseInt(options.getOrDefault("port", Integer.toString(url.getPort() > 0 ? url.getPort() : 22)));
        String host = url.getHost();
        String shown = "ssh://" + user + "@" + host + ":" + port + url.getPath();
        Path home = Path.of(System.getProperty("user.home"), ".ssh");
        Path knownHosts = Path.of(options.getOrDefault("known_hosts", home.resolve("known_hosts").toString()));
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        List<Path> keys = new ArrayList<>();
        if (options.containsKey("keyfile")) {
            keys.add(Path.of(options.get("keyfile")));
        } else {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                if (Files.isReadable(home.resolve(name))) {
                    keys.add(home.resolve(name));
                }
            }
        }
        if (!keys.isEmpty()) {
            FileKeyPairProvider provider = new FileKeyPairProvider(keys);
            provider.setPasswordFinder(FilePasswordProvider.EMPTY);
            client.setKeyIdentityProvider(provider);
        }
        client.start();
        try {
            ClientSession session = client.connect(user, host, port).verify(TIMEOUT).getSession();
            if (options.containsKey("password")) {
                session.addPasswordIdentity(options.get("password"));
            }
            session.auth().verify(TIMEOUT);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SshStorage(client, session, sftp, url.getPath(), shown);
        } catch (IOException | RuntimeException e) {
            client.stop();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.contains("Server key did not validate") || reason.contains("KeyVerifier")) {
                reason = "the host key of " + host + " is unknown or has changed; check it and add it to " + knownHosts;
            }
            throw new StorageException(StorageException.Kind.PERMANENT, "cannot connect to " + shown + ": " + reason, e);
        }
    }

    private String path(String key) throws StorageException {
        Storage.checkKey(key, shown);
        return key.isEmpty() ? root : root + "/" + key;
    }

    private StorageException failure(String action, String key, IOException e) {
        StorageException.Kind kind = e instanceof SftpException s && (s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                || s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) ? StorageException.Kind.NOT_FOUND
                : e instanceof SftpException ? StorageException.Kind.PERMANENT : StorageException.Kind.TRANSIENT;
        return new StorageException(kind, "cannot " + action + " " + shown + "/" + key + ": " + e.getMessage(), e);
    }

    @Override
    public boolean exists(String key) throws StorageException {
        try {
            sftp.stat(path(key));
            return true;
        } catch (IOException e) {
            StorageException f = failure("check", key, e);
            if (f.kind() == StorageException.Kind.NOT_FOUND) {
                return false;
            }
            throw f;
        }
    }

    @Override
    public InputStream open(String key) throws StorageException {
        try {
            sftp.stat(path(key)); // a missing key is NOT_FOUND here, not on the first read
            return sftp.read(path(key));
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, Source source, Verifier verifier) throws StorageException {
        String target = path(key);
        int slash = target.lastIndexOf('/');
        String dir = target.substring(0, slash);
        String temp = dir + "/" + AtomicFiles.TEMP_PREFIX + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
        try {
            mkdirs(dir);
            try (InputStream in = source.open(); OutputStream out = sftp.write(temp)) {
                in.transferTo(out);
            }
            verifier.verify();
            moveIntoPlace(temp, target);
            temp = null;
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            if (temp != null) {
                try {
                    sftp.remove(temp);
                } catch (IOException ignored) {
                    // the temporary name was never created, or is left for gc
                }
            }
        }
    }

    /**
     * Renames the finished temporary file to its key, replacing what is there. OpenSSH speaks
     * SFTP 3, whose rename refuses an existing target, so its posix-rename extension is used
     * when offered; a server with neither may leave the old value, which is harmless here
     * because a key's value never changes (it is named by its hash).
     */
    private void moveIntoPlace(String temp, String target) throws IOException {
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix.isSupported()) {
            posix.posixRename(temp, target);
        } else if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
            sftp.rename(temp, target, SftpClient.CopyMode.Overwrite);
        } else {
            try {
                sftp.rename(temp, target);
            } catch (SftpException e) {
                if (!pathExists(target)) {
                    throw e;
                }
                sftp.remove(temp);
            }
        }
    }

    private boolean pathExists(String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private void mkdirs(String dir) throws IOException {
        Deque<String> missing = new ArrayDeque<>();
        String d = dir;
        while (!d.isEmpty()) {
            try {
                if (sftp.stat(d).isDirectory()) {
                    break;
                }
            } catch (SftpException notThere) {
                missing.push(d);
            }
            int slash = d.lastIndexOf('/');
            d = slash <= 0 ? "" : d.substring(0, slash);
        }
        while (!missing.isEmpty()) {
            String m = missing.pop();
            try {
                sftp.mkdir(m);
            } catch (SftpException raced) {
                if (!sftp.stat(m).isDirectory()) {
                    throw raced;
                }
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws StorageException {
        List<String> keys = new ArrayList<>();
        String base = path(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        try {
            walk(base, keys);
        } catch (IOException e) {
            StorageException f = failure("list", prefix, e);
            if (f.kind() != StorageException.Kind.NOT_FOUND) {
                throw f;
            }
        }
        return keys;
    }

    private void walk(String dir, List<String> keys) throws IOException {
        List<SftpClient.DirEntry> entries = new ArrayList<>();
        try {
            sftp.readDir(dir).forEach(entries::add); // the listing reads lazily, failing unchecked
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        for (SftpClient.DirEntry e : entries) {
            String name = e.getFilename();
            if (name.equals(".") || name.equals("..") || AtomicFiles.isTemp(name)) {
                continue;
            }
            String p = dir + "/" + name;
            if (e.getAttributes().isDirectory()) {
                walk(p, keys);
            } else if (e.getAttributes().isRegularFile()) {
                keys.add(p.substring(root.length() + 1));
            }
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        try {
            sftp.remove(path(key));
        } catch (IOException e) {
            StorageException f = failure("delete", key, e);
            if (f.kind() != StorageException.Kind.NOT_FOUND) {
                throw f;
            }
        }
    }

    @Override
    public String describe() {
        return shown;
    }

    @Override
    public void close() {
        try {
            sftp.close();
            session.close();
        } catch (IOException ignored) {
            // closing a connection that is going away
        } finally {
            client.stop();
        }
    }
}
