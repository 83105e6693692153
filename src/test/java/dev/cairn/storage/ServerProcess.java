package dev.cairn.storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test server run as a child process on a free loopback port: found by an environment variable
 * or in Go's bin directory (where .ci/run installs it), started, and awaited until it accepts
 * connections. A missing binary is an error, so a missing server fails the tests.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    /** Starts {@code binary args…}; {@code {port}} in an argument is replaced by the chosen port. */
    public ServerProcess(Path binary, String... args) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        for (String a : args) {
            command.add(a.replace("{port}", Integer.toString(port)));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the test server " + binary + " did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The binary named by {@code envVariable}, else {@code ~/go/bin/<name>}; fails with how to install it. */
    public static Path find(String envVariable, String name, String install) {
        String configured = System.getenv(envVariable);
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        Path goBin = Path.of(System.getProperty("user.home"), "go", "bin", name);
        if (Files.isExecutable(goBin)) {
            return goBin;
        }
        throw new IllegalStateException("the test server " + name + " is not installed; run 'bash .ci/run', or '"
                + install + "', or set " + envVariable);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
