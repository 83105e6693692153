package dev.cairn.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that injects network faults between Cairn and a test server. Each
 * accepted connection gets a thread per direction copying bytes; a {@link Plan} decides, per
 * connection, whether and when a fault strikes: after a number of bytes (both directions counted
 * together), the connection is dropped (FIN), reset (RST, via SO_LINGER 0) or stalled (nothing
 * forwarded either way for a while). Faults that struck are counted by kind.
 */
final class FaultProxy implements AutoCloseable {

    enum Kind { DROP, RESET, STALL }

    /**
     * One fault: what, after how many bytes of the connection (or, when {@code proxyWide}, once the
     * proxy as a whole has passed that many), and for a stall how long.
     */
    record Fault(Kind kind, long afterBytes, long stallMillis, boolean proxyWide) {
        Fault(Kind kind, long afterBytes, long stallMillis) {
            this(kind, afterBytes, stallMillis, false);
        }
    }

    /** Chooses the fault of the n-th connection (0-based); null for none. */
    @FunctionalInterface
    interface Plan {
        Fault faultFor(int connection);
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private final Map<Kind, AtomicInteger> injected = new EnumMap<>(Kind.class);
    private volatile Plan plan = n -> null;

    FaultProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (Kind k : Kind.values()) {
            injected.put(k, new AtomicInteger());
        }
        Thread.ofPlatform().daemon().name("fault-proxy-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sets the plan for the connections accepted from now on, and restarts their numbering. */
    void plan(Plan p) {
        connections.set(0);
        plan = p;
    }

    int injected(Kind kind) {
        return injected.get(kind).get();
    }

    int connections() {
        return connections.get();
    }

    /** Bytes passed on so far, both directions, all connections. */
    long forwarded() {
        return forwarded.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Fault fault = plan.faultFor(connections.getAndIncrement());
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                new Link(client, upstream, fault).start();
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection go away
            }
        }
    }

    /** One proxied connection: two pumps sharing a byte count and the fault. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final Fault fault;
        private final AtomicLong bytes = new AtomicLong();
        private volatile boolean struck;
        private volatile long stalledUntil;

        Link(Socket client, Socket upstream, Fault fault) {
            this.client = client;
            this.upstream = upstream;
            this.fault = fault;
        }

        void start() {
            Thread.ofPlatform().daemon().name("fault-proxy-up").start(() -> pump(client, upstream));
            Thread.ofPlatform().daemon().name("fault-proxy-down").start(() -> pump(upstream, client));
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    int pass = n;
                    if (fault != null && !struck) {
                        long before = fault.proxyWide() ? forwarded.get() : bytes.getAndAdd(n);
                        if (before + n >= fault.afterBytes()) {
                            pass = (int) Math.max(0, fault.afterBytes() - before);
                            out.write(buffer, 0, pass);
                            out.flush();
                            forwarded.addAndGet(pass);
                            if (!strike()) {
                                return;
                            }
                            out.write(buffer, pass, n - pass);
                            forwarded.addAndGet(n - pass);
                            continue;
                        }
                    }
                    awaitStall();
                    out.write(buffer, 0, pass);
                    forwarded.addAndGet(pass);
                }
                to.shutdownOutput(); // pass a half close on
            } catch (IOException | InterruptedException e) {
                closeBoth(false);
            }
        }

        /** Applies the fault once; returns whether bytes may flow on afterwards (a stall). */
        private synchronized boolean strike() throws InterruptedException {
            if (struck) {
                return true;
            }
            struck = true;
            injected.get(fault.kind()).incrementAndGet();
            switch (fault.kind()) {
                case DROP -> closeBoth(false);
                case RESET -> closeBoth(true);
                case STALL -> {
                    stalledUntil = System.currentTimeMillis() + fault.stallMillis();
                    awaitStall();
                    return true;
                }
            }
            return false;
        }

        private void awaitStall() throws InterruptedException {
            long wait;
            while ((wait = stalledUntil - System.currentTimeMillis()) > 0 && !client.isClosed()) {
                Thread.sleep(Math.min(wait, 50));
            }
        }

        private void closeBoth(boolean reset) {
            try {
                if (reset) {
                    client.setSoLinger(true, 0); // close sends RST, not FIN
                    upstream.setSoLinger(true, 0);
                }
            } catch (IOException ignored) {
                // already closed
            }
            quietly(client);
            quietly(upstream);
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(FaultProxy::quietly);
    }
}
