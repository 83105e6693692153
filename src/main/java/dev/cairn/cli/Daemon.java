package dev.cairn.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resident JVM that runs Cairn's quick read-only commands ({@code --version}, {@code status},
 * {@code diff}, {@code dag}, {@code params}, {@code metrics}) for the thin client
 * {@code cairn-client} (src/main/c), so that they cost a connection instead of a JVM start and
 * run on code the JIT has already compiled. Started by the client when none answers, it serves
 * until it has been idle for a while, then removes its socket and exits.
 *
 * <p>The protocol, on a Unix domain socket in a directory only its user can enter: the client
 * sends NUL-terminated strings ({@link #HELLO}, working directory, argument count, arguments,
 * environment count, {@code KEY=value} entries) and closes its side; the daemon answers with
 * frames of a type byte, a 4-byte big-endian length and that many bytes: {@code o} standard
 * output, {@code e} standard error, {@code x} the exit code (4 bytes, the last frame), or
 * {@code r} alone: not a command for the daemon, the client runs it in a JVM of its own.
 */
public final class Daemon {

    static final String HELLO = "cairn-daemon-1";
    /**
     * Variables that act through the JVM or JGit rather than the command's context: home and
     * config (JGit), and the locale and time zone (how file names are decoded, how times print).
     * With GIT_*, a caller whose values differ from the daemon's runs in a JVM of its own.
     */
    static final Set<String> PROCESS_WIDE = Set.of("HOME", "XDG_CONFIG_HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ");
    /**
     * Commands run at once; a client finding them all busy runs its command itself. Two: the
     * heap is one JVM's, and a status of a million files needs most of it.
     */
    static final int CONCURRENT = 2;

    private final Path socket;
    private final long idleNanos;
    private final Map<String, String> environment;
    private final boolean warmUp;
    private final Semaphore slots = new Semaphore(CONCURRENT);
    private final AtomicLong lastActive = new AtomicLong(System.nanoTime());
    private volatile boolean stopping;
    private volatile Selector selector;

    /** {@code warmUp}: see {@link #warmUp()}; tests leave it out. */
    Daemon(Path socket, long idleMillis, Map<String, String> environment, boolean warmUp) {
        this.socket = socket;
        this.idleNanos = idleMillis * 1_000_000;
        this.environment = environment;
        this.warmUp = warmUp;
    }

    /** {@code Daemon <socket> <idle seconds>}. */
    public static void main(String[] args) throws IOException {
        new Daemon(Path.of(args[0]), Long.parseLong(args[1]) * 1000, System.getenv(), true).serve();
    }

    /**
     * Whether the daemon runs {@code args} for a client with {@code env}: commands that read the
     * repository and print, never touching a remote, a terminal or the Git environment of the
     * caller's shell, in the same home directory. Everything else runs in the client's own JVM.
     */
    boolean serves(List<String> args, Map<String, String> env) {
        Set<String> names = new java.util.HashSet<>(env.keySet());
        names.addAll(environment.keySet());
        for (String k : names) {
            if ((k.startsWith("GIT_") || PROCESS_WIDE.contains(k)) && !java.util.Objects.equals(env.get(k), environment.get(k))) {
                return false; // read from the process, the daemon's: they must be the caller's too
            }
        }
        if (args.size() == 1 && Set.of("--version", "-V", "version").contains(args.get(0))) {
            return true;
        }
        if (args.isEmpty() || !Set.of("status", "diff", "dag", "params", "metrics").contains(args.get(0))) {
            return false;
        }
        for (String a : args.subList(1, args.size())) {
            if (a.equals("--")) {
                break;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (Set.of("--help", "--cloud", "--remote").contains(name)) {
                return false; // help is coloured on a terminal; -c and -r talk to a remote
            }
            if (a.startsWith("-") && !a.startsWith("--") && (a.indexOf('h') > 0 || a.indexOf('c') > 0 || a.indexOf('r') > 0)) {
                return false; // -h, -c, -r, alone or in a cluster
            }
        }
        return true;
    }

    /** Accepts clients until none came for the idle time; then removes the socket. */
    void serve() throws IOException {
        ServerSocketChannel server = bind(); // fails when another daemon serves: its socket stays
        // told to stop (SIGTERM, or the machine going down): no socket left behind
        Thread cleanup = new Thread(() -> {
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(pidFile());
            } catch (IOException ignored) {
                // nothing more to do on the way out
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (server; Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            this.selector = selector;
            Files.writeString(pidFile(), ProcessHandle.current().pid() + "\n");
            if (warmUp) {
                Thread.ofPlatform().daemon().name("cairn-daemon-warm-up").start(Daemon::warmUp);
            }
            while (!stopping) {
                selector.select(Math.max(1, idleNanos / 1_000_000));
                selector.selectedKeys().clear();
                SocketChannel client = server.accept();
                if (client != null) {
                    lastActive.set(System.nanoTime());
                    Thread.ofPlatform().name("cairn-daemon-client").start(() -> handle(client));
                } else if (slots.availablePermits() == CONCURRENT && System.nanoTime() - lastActive.get() > idleNanos) {
                    return;
                }
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile());
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /**
     * Runs {@code status} a few times on 5,000 generated files (the AOT training's sample), so
     * that the JIT has compiled the per-file code before the first real command (D1's status
     * after 10 changes, first five calls: 0.94, 0.53, 0.47, 0.43, 0.43 s without it; 0.58,
     * 0.46, 0.39, 0.36, 0.38 s with it). A second or two of CPU, once per daemon; a failure here
     * only means a colder start.
     */
    private static void warmUp() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cairn-daemon-warm-up");
            AotTraining.sampleData(dir);
            AotTraining.run(dir, "init", "--no-scm");
            AotTraining.run(dir, "add", "data");
            for (int i = 0; i < 6; i++) {
                AotTraining.run(dir, "status");
            }
            Files.writeString(dir.resolve("data/d0/f0"), "changed");
            for (int i = 0; i < 6; i++) {
                AotTraining.run(dir, "status", "--json");
            }
        } catch (IOException | RuntimeException e) {
            // a colder start, nothing worse
        } finally {
            if (dir != null) {
                try {
                    dev.cairn.util.AtomicFiles.deleteTree(dir);
                } catch (RuntimeException ignored) {
                    // a temporary directory
                }
            }
        }
    }

    /** Makes {@link #serve} return (commands under way finish on their own threads). */
    void stop() {
        stopping = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /** The file beside the socket that names the daemon's process. */
    Path pidFile() {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.replaceFirst("\\.sock$", "") + ".pid");
    }

    /** Binds the socket; a socket file no daemon answers on (one killed) is replaced. */
    private ServerSocketChannel bind() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            return server;
        } catch (BindException e) {
            if (answers(socket)) {
                server.close();
                throw new IOException("a daemon already serves " + socket, e);
            }
            Files.deleteIfExists(socket);
            server.bind(UnixDomainSocketAddress.of(socket));
            return server;
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException nobody) {
            return false;
        }
    }

    private void handle(SocketChannel client) {
        try (client) {
            // the socket's directory is its user's alone; the peer's credentials say so again
            if (!client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName()
                    .equals(System.getProperty("user.name"))) {
                return;
            }
            Request request = readRequest(client);
            if (request == null) {
                return;
            }
            if (!serves(request.args(), request.env()) || !slots.tryAcquire()) {
                frame(client, 'r', new byte[0]);
                return;
            }
            try {
                int code = run(client, request.cwd(), request.args(), request.env());
                frame(client, 'x', ByteBuffer.allocate(4).putInt(code).array());
            } catch (Error e) {
                // out of memory, say: the command failed, and a fresh daemon serves the next one
                stop();
                frame(client, 'e', ("ERROR: " + e + " in Cairn's daemon; run the command again"
                        + " (CAIRN_DAEMON=0 runs it in a JVM of its own)\n").getBytes(StandardCharsets.UTF_8));
                frame(client, 'x', ByteBuffer.allocate(4).putInt(ExitCodes.FAILED).array());
            } finally {
                client.close(); // the caller is done: what follows costs it nothing
                if (slots.availablePermits() == CONCURRENT - 1) {
                    // the command's garbage goes now, while nothing runs, instead of in collections
                    // in the middle of the next one (a status of 100,000 files allocates ~250 MB)
                    System.gc();
                }
                slots.release();
                lastActive.set(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent nonsense: nothing to answer
        }
    }

    private static int run(SocketChannel client, Path cwd, List<String> args, Map<String, String> env) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FrameStream(client, 'o'), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FrameStream(client, 'e'), StandardCharsets.UTF_8), true);
        CliContext ctx = new CliContext(cwd, Map.copyOf(env), Clock.systemUTC(), out, err,
                new BufferedReader(new StringReader("")));
        int code = Main.run(ctx, args.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    /** What a client asks: its working directory, the command's arguments, its environment. */
    private record Request(Path cwd, List<String> args, Map<String, String> env) {
    }

    /** The request, or null when it is not one (a wrong greeting, counts that do not add up). */
    private static Request readRequest(SocketChannel client) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (client.read(buf) >= 0) {
            bytes.write(buf.array(), 0, buf.position());
            buf.clear();
            if (bytes.size() > (64 << 20)) {
                return null;
            }
        }
        List<String> strings = new ArrayList<>();
        byte[] b = bytes.toByteArray();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                strings.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (strings.size() < 4 || !strings.get(0).equals(HELLO)) {
            return null;
        }
        int argc = Integer.parseInt(strings.get(2));
        if (argc < 0 || strings.size() < 4 + argc || strings.size() != 4 + argc + Integer.parseInt(strings.get(3 + argc))) {
            return null;
        }
        Map<String, String> env = new HashMap<>();
        for (String kv : strings.subList(4 + argc, strings.size())) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return new Request(Path.of(strings.get(1)), List.copyOf(strings.subList(3, 3 + argc)), env);
    }

    static void frame(SocketChannel client, char type, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length).put((byte) type).putInt(payload.length).put(payload).flip();
        synchronized (client) {
            while (b.hasRemaining()) {
                client.write(b);
            }
        }
    }

    /** One of the command's output streams, sent as frames of its type whenever it is flushed. */
    private static final class FrameStream extends OutputStream {
        private final SocketChannel client;
        private final char type;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        FrameStream(SocketChannel client, char type) {
            this.client = client;
            this.type = type;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (pending.size() > 0) {
                byte[] payload = pending.toByteArray();
                pending.reset();
                frame(client, type, payload);
            }
        }
    }
}
