package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon over its socket, spoken to as cairn-client speaks to it. */
class DaemonTest {

    @TempDir
    Path tmp;

    private Path socket;
    private Daemon daemon;
    private Thread serving;

    /** What the daemon answered: declined, or the command's output and exit code. */
    record Answer(boolean declined, String out, String err, Integer code) {
    }

    @BeforeEach
    void start() throws Exception {
        socket = tmp.resolve("d.sock");
        daemon = new Daemon(socket, 60_000, System.getenv(), false);
        serving = Thread.ofPlatform().start(() -> {
            try {
                daemon.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 200 && !Files.exists(daemon.pidFile()); i++) {
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        daemon.stop();
        serving.join(10_000);
        assertFalse(Files.exists(socket), "a stopped daemon removes its socket");
    }

    static Answer ask(Path socket, Path cwd, Map<String, String> env, String... args) throws IOException {
        List<String> strings = new ArrayList<>(List.of(Daemon.HELLO, cwd.toString(), Integer.toString(args.length)));
        strings.addAll(List.of(args));
        strings.add(Integer.toString(env.size()));
        env.forEach((k, v) -> strings.add(k + "=" + v));
        return send(socket, strings);
    }

    static Answer send(Path socket, List<String> strings) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            for (String s : strings) {
                req.write(s.getBytes(StandardCharsets.UTF_8));
                req.write(0);
            }
            ByteBuffer b = ByteBuffer.wrap(req.toByteArray());
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.shutdownOutput();
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException e) {
                    return new Answer(false, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null);
                }
                byte[] payload = in.readNBytes(in.readInt());
                switch (type) {
                    case 'o' -> out.write(payload);
                    case 'e' -> err.write(payload);
                    case 'r' -> {
                        return new Answer(true, "", "", null);
                    }
                    case 'x' -> {
                        return new Answer(false, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                                ByteBuffer.wrap(payload).getInt());
                    }
                    default -> throw new AssertionError("frame type " + type);
                }
            }
        }
    }

    @Test
    void aCommandRunsAsInProcessFromTheCallersDirectory() throws Exception {
        TestRepo repo = TestRepo.initialized(Files.createDirectories(tmp.resolve("repo")));
        repo.write("data/a.txt", "a");
        repo.run("add", "data").expect(0);
        repo.write("data/b.txt", "new");
        Files.createDirectories(repo.path("sub"));
        TestRepo.Run direct = repo.in("sub").run("status", "--json");
        Answer served = ask(socket, repo.path("sub"), System.getenv(), "status", "--json");
        assertFalse(served.declined());
        assertEquals(direct.code(), served.code());
        assertEquals(direct.out(), served.out());
        assertTrue(served.out().contains("b.txt"), served.out());

        Answer version = ask(socket, tmp, System.getenv(), "--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("cairn "), version.out());

        Answer outside = ask(socket, tmp, System.getenv(), "status");
        assertEquals(ExitCodes.STATE, outside.code(), outside.err());
        assertTrue(outside.err().contains("not a Cairn repository"), outside.err());
    }

    @Test
    void commandsThatWriteTalkToRemotesOrShowHelpAreLeftToTheirOwnJvm() throws Exception {
        for (String[] args : List.of(new String[] {"add", "x"}, new String[] {"push"}, new String[] {"status", "-c"},
                new String[] {"status", "--cloud"}, new String[] {"status", "-qc"}, new String[] {"status", "-r", "s3"},
                new String[] {"status", "--remote=s3"}, new String[] {"status", "--help"}, new String[] {"diff", "-h"},
                new String[] {}, new String[] {"--version", "--help"})) {
            assertTrue(ask(socket, tmp, System.getenv(), args).declined(), String.join(" ", args));
        }
        // after "--" a word is an argument, not an option
        assertFalse(ask(socket, tmp, System.getenv(), "status", "--", "-c").declined());
    }

    @Test
    void aCallerWithAnotherGitEnvironmentHomeOrLocaleIsLeftToItsOwnJvm() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("GIT_DIR", tmp.resolve("elsewhere").toString());
        assertTrue(ask(socket, tmp, env, "--version").declined());
        env = new HashMap<>(System.getenv());
        env.put("HOME", tmp.toString());
        assertTrue(ask(socket, tmp, env, "--version").declined());
        env = new HashMap<>(System.getenv());
        env.put("LANG", "C".equals(System.getenv("LANG")) ? "C.UTF-8" : "C"); // file names: another charset
        assertTrue(ask(socket, tmp, env, "--version").declined());
        env = new HashMap<>(System.getenv());
        env.put("CAIRN_ANYTHING", "1"); // other variables reach the command through its context
        assertFalse(ask(socket, tmp, env, "--version").declined());
    }

    @Test
    void aMalformedRequestGetsNoAnswer() throws Exception {
        Answer a = send(socket, List.of("hello", "x"));
        assertNull(a.code());
        assertEquals("", a.out());
        Answer b = send(socket, List.of(Daemon.HELLO, tmp.toString(), "5", "status"));
        assertNull(b.code());
        assertEquals(0, ask(socket, tmp, System.getenv(), "--version").code(), "and it still serves");
    }

    @Test
    void aSecondDaemonOnTheSameSocketLeavesTheFirstAlone() throws Exception {
        Daemon second = new Daemon(socket, 60_000, System.getenv(), false);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, second::serve);
        assertTrue(Files.exists(socket));
        assertEquals(0, ask(socket, tmp, System.getenv(), "--version").code());
    }

    @Test
    void anIdleDaemonExitsAndRemovesItsSocket() throws Exception {
        Path other = tmp.resolve("idle.sock");
        Files.createFile(other); // left by a daemon that was killed: nobody answers on it
        Daemon idle = new Daemon(other, 300, System.getenv(), false);
        long start = System.nanoTime();
        idle.serve();
        assertTrue(System.nanoTime() - start >= 250_000_000L);
        assertFalse(Files.exists(other));
        assertFalse(Files.exists(idle.pidFile()));
    }
}
