package dev.cairn.storage.ssh;

import dev.cairn.storage.RemoteOptions;
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
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A storage in a directory on an SSH server, over SFTP. Host keys are checked against
 * {@code ~/.ssh/known_hosts} (or the remote's {@code known_hosts} file): an unknown or changed key
 * is refused, never accepted silently. Values are written under a temporary name and renamed.
 * A connection that breaks (or stalls past {@code read_timeout}) is dropped, and the next call,
 * which the retry decorator makes, connects again.
 */
public final class SshStorage implements Storage {

    /** Default of {@code connect_timeout}: connecting and authenticating. */
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@code read_timeout}: how long a request waits for the server's answer. */
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /** One SSH session with its SFTP channel. */
    private record Connection(ClientSession session, SftpClient sftp) {
        boolean isOpen() {
            return session.isOpen() && sftp.isOpen();
        }

        void close() {
            try {
                sftp.close();
            } catch (IOException ignored) {
                // going away
            }
            session.close(true);
        }
    }

    private final SshClient client;
    private final String user;
    private final String host;
    private final int port;
    private final String password;
    private final Duration connectTimeout;
    private final String root;
    private final String shown;
    private Connection connection; // guarded by this

    private SshStorage(SshClient client, String user, String host, int port, String password, Duration connectTimeout,
                       String root, String shown) {
        this.client = client;
        this.user = user;
        this.host = host;
        this.port = port;
        this.password = password;
        this.connectTimeout = connectTimeout;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.shown = shown;
    }

    /**
     * Connects to {@code ssh://[user@]host[:port]/path} with the remote's options {@code user},
     * {@code port}, {@code keyfile}, {@code password}, {@code known_hosts}, {@code connect_timeout}
     * and {@code read_timeout} (seconds); keys and settings otherwise come from {@code ~/.ssh/config}
     * and {@code ~/.ssh/id_*}.
     */
    public static SshStorage open(URI url, Map<String, String> options) throws StorageException {
        String user = options.getOrDefault("user", url.getUserInfo() != null ? url.getUserInfo().split(":")[0]
                : System.getProperty("user.name"));
        int port = Integer.parseInt(options.getOrDefault("port", Integer.toString(url.getPort() > 0 ? url.getPort() : 22)));
        String host = url.getHost();
        String shown = "ssh://" + user + "@" + host + ":" + port + url.getPath();
        Path home = Path.of(System.getProperty("user.home"), ".ssh");
        Path knownHosts = Path.of(options.getOrDefault("known_hosts", home.resolve("known_hosts").toString()));
        Duration connectTimeout = RemoteOptions.seconds(options, "connect_timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration readTimeout = RemoteOptions.seconds(options, "read_timeout", DEFAULT_READ_TIMEOUT);
        SshClient client = SshClient.setUpDefaultClient();
        // SFTP waits for each answer up to the idle timeout, and a writer for window space up to
        // the window timeout (10 minutes and forever by default): a stalled server is given up on
        // after read_timeout instead, and the connection is made again
        CoreModuleProperties.IDLE_TIMEOUT.set(client, readTimeout);
        CoreModuleProperties.WINDOW_TIMEOUT.set(client, readTimeout);
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
        SshStorage storage = new SshStorage(client, user, host, port, options.get("password"), connectTimeout,
                url.getPath(), shown);
        try {
            storage.sftp(); // connect now, so that a wrong host key or password is known at once
            return storage;
        } catch (IOException | RuntimeException e) {
            client.stop();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.contains("Server key did not validate") || reason.contains("KeyVerifier")) {
                reason = "the host key of " + host + " is unknown or has changed; check it and add it to " + knownHosts;
            }
            throw new StorageException(StorageException.Kind.PERMANENT, "cannot connect to " + shown + ": " + reason, e);
        }
    }


    /** The SFTP channel of a live connection, connecting (again) when there is none. */
    private synchronized SftpClient sftp() throws IOException {
        if (connection != null && connection.isOpen()) {
            return connection.sftp();
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        ClientSession session = client.connect(user, host, port).verify(connectTimeout).getSession();
        try {
            if (password != null) {
                session.addPasswordIdentity(password);
            }
            session.auth().verify(connectTimeout);
            connection = new Connection(session, SftpClientFactory.instance().createSftpClient(session));
            return connection.sftp();
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /**
     * Drops the connection {@code used} after a failure that was not the server's answer (a
     * broken or stalled connection), so that the retry connects again; other workers still on it
     * fail too and retry as well.
     */
    private synchronized void broken(SftpClient used, IOException e) {
        if (!(e instanceof SftpException) && connection != null && connection.sftp() == used) {
            connection.close();
            connection = null;
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
        String reason = e.getMessage();
        if (!(e instanceof SftpException)) {
            // the transport's own wording ("[ssh-connection]: Failed (IOException) to execute: …") says less than its cause
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            reason = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        }
        return new StorageException(kind, "cannot " + action + " " + shown + "/" + key + ": " + reason, e);
    }

    /** One SFTP call on the current connection. */
    @FunctionalInterface
    private interface Call<T> {
        T run(SftpClient sftp) throws IOException;
    }

    /** Runs {@code call}, dropping the connection if it broke; failures are classified for the retry decorator. */
    private <T> T call(String action, String key, Call<T> call) throws StorageException {
        SftpClient sftp = null;
        try {
            sftp = sftp();
            return call.run(sftp);
        } catch (IOException e) {
            broken(sftp, e);
            throw failure(action, key, e);
        } catch (java.io.UncheckedIOException e) {
            broken(sftp, e.getCause());
            throw failure(action, key, e.getCause());
        }
    }

    @Override
    public boolean exists(String key) throws StorageException {
        String path = path(key);
        try {
            return call("check", key, sftp -> sftp.stat(path) != null);
        } catch (StorageException f) {
            if (f.kind() == StorageException.Kind.NOT_FOUND) {
                return false;
            }
            throw f;
        }
    }

    @Override
    public InputStream open(String key) throws StorageException {
        return open(key, 0);
    }

    @Override
    public InputStream open(String key, long offset) throws StorageException {
        String path = path(key);
        return call("read", key, sftp -> {
            sftp.stat(path); // a missing key is NOT_FOUND here, not on the first read
            InputStream in = sftp.read(path);
            if (offset > 0) {
                in.skipNBytes(offset); // the SFTP stream seeks: nothing is read again
            }
            return in;
        });
    }

    @Override
    public void put(String key, Source source, Verifier verifier) throws StorageException {
        String target = path(key);
        int slash = target.lastIndexOf('/');
        String dir = target.substring(0, slash);
        String temp = dir + "/" + AtomicFiles.TEMP_PREFIX + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
        SftpClient sftp = null;
        try {
            sftp = sftp();
            mkdirs(sftp, dir);
            try (InputStream in = source.open(); OutputStream out = sftp.write(temp)) {
                in.transferTo(out);
            }
            verifier.verify();
            moveIntoPlace(sftp, temp, target);
            temp = null;
        } catch (IOException e) {
            broken(sftp, e);
            throw failure("write", key, e);
        } finally {
            if (temp != null && sftp != null && sftp.isOpen()) {
                try {
                    sftp.remove(temp);
                } catch (IOException ignored) {
                    // the temporary name was never created, or is left behind (never under a final name)
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
    private static void moveIntoPlace(SftpClient sftp, String temp, String target) throws IOException {
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix.isSupported()) {
            posix.posixRename(temp, target);
        } else if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
            sftp.rename(temp, target, SftpClient.CopyMode.Overwrite);
        } else {
            try {
                sftp.rename(temp, target);
            } catch (SftpException e) {
                if (!pathExists(sftp, target)) {
                    throw e;
                }
                sftp.remove(temp);
            }
        }
    }

    private static boolean pathExists(SftpClient sftp, String path) throws IOException {
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

    private static void mkdirs(SftpClient sftp, String dir) throws IOException {
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
            call("list", prefix, sftp -> {
                keys.clear(); // a retry lists afresh
                walk(sftp, base, keys);
                return null;
            });
        } catch (StorageException f) {
            if (f.kind() != StorageException.Kind.NOT_FOUND) {
                throw f;
            }
        }
        return keys;
    }

    private void walk(SftpClient sftp, String dir, List<String> keys) throws IOException {
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
                walk(sftp, p, keys);
            } else if (e.getAttributes().isRegularFile()) {
                keys.add(p.substring(root.length() + 1));
            }
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        String path = path(key);
        try {
            call("delete", key, sftp -> {
                sftp.remove(path);
                return null;
            });
        } catch (StorageException f) {
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
            synchronized (this) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
        } finally {
            client.stop();
        }
    }
}
