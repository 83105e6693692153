package dev.cairn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.TestRepo;
import dev.cairn.storage.s3.S3Server;
import dev.cairn.storage.ssh.SshServerFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Network faults between Cairn and a real S3 server (gofakes3) or SSH server (MINA SSHD): the
 * remote's endpoint points at a {@link FaultProxy} that drops, resets or stalls connections in
 * the middle of objects. A push and a pull of a few objects, one just above the 16 MiB multipart
 * threshold, must retry and complete with every object intact; under a fault that never lets the
 * large object through they must fail with a clear message (exit 1) and leave no partial object
 * under a final name. Remote contents are checked directly, not through the proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD) // one proxy plan at a time: the cases share the proxies
class NetworkFaultTest {

    /** Just above the part size (S3Storage.DEFAULT_PART_SIZE) and the multipart_threshold set below: two parts. */
    static final int LARGE = (16 << 20) + (64 << 10);
    /**
     * How long a stalled connection stays silent: beyond the remotes' read timeout set below, so a
     * client waiting for an answer gives up and retries. A client blocked writing a request body
     * cannot tell a stall from a slow link; it waits for the stall to end (an endless one is cut
     * by S3Storage's per-upload deadline, minutes for a 16 MiB part: too long for a test).
     */
    static final long PUSH_STALL_MILLIS = 4_000;
    /** A download's stall never ends within the test: only the read timeout can get the pull through. */
    static final long PULL_STALL_MILLIS = 120_000;
    static final long SEED = Long.getLong("cairn.crash.seed", System.nanoTime());

    enum Backend { S3, SSH }

    private Path tmp;

    private S3Server s3;
    private S3Client s3Client;
    private FaultProxy s3Proxy;
    private Path sshDir;
    private SshServerFixture ssh;
    private FaultProxy sshProxy;
    private Path sshKnownHosts;
    private Path source;
    private final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        System.out.println("NetworkFaultTest seed " + SEED + " (replay with -Dcairn.crash.seed=" + SEED + ")");
        s3 = new S3Server();
        s3Client = s3.client();
        s3Proxy = new FaultProxy(s3.endpoint().getPort());
        sshDir = Files.createDirectories(tmp.resolve("ssh"));
        ssh = new SshServerFixture(sshDir);
        sshProxy = new FaultProxy(ssh.port());
        // the proxy's port names the same host key
        String line = Files.readString(ssh.knownHosts()).strip();
        sshKnownHosts = Files.writeString(tmp.resolve("known_hosts"),
                "[127.0.0.1]:" + sshProxy.port() + line.substring(line.indexOf(' ')) + "\n");

        TestRepo r = TestRepo.initialized(Files.createDirectories(tmp.resolve("source")));
        for (int i = 0; i < 3; i++) {
            Trees.writeRandom(r.path("data/small" + i), 3000 + 5000 * i, 10 + i);
        }
        Trees.writeRandom(r.path("data/large.bin"), LARGE, 20);
        r.run("add", "data").expect(0);
        source = r.root;
    }

    @AfterAll
    void stop() throws Exception {
        s3Proxy.close();
        sshProxy.close();
        s3Client.close();
        s3.close();
        ssh.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (FaultProxy.Kind k : FaultProxy.Kind.values()) {
                all.add(Arguments.of(b, k));
            }
        }
        return all.stream();
    }

    /** Up to two faults at random points of the transfer, then a clean network: push and pull complete. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void transfersRetryAndComplete(Backend backend, FaultProxy.Kind kind) throws Exception {
        String where = newRemote(backend);
        FaultProxy proxy = proxy(backend);
        Random random = new Random(SEED ^ (backend.ordinal() * 31L + kind.ordinal()));
        long started = System.nanoTime();
        int faultsBefore = proxy.injected(kind);

        TestRepo a = clone("push-" + backend + "-" + kind, backend, where, true);
        proxy.plan(budget(proxy, kind, 2, random, PUSH_STALL_MILLIS));
        TestRepo.Run push = a.run("push");
        int pushFaults = proxy.injected(kind) - faultsBefore;
        assertEquals(0, push.code(), backend + " " + kind + " push after " + pushFaults + " fault(s):\n" + push.err());
        assertEquals(expectedObjects(), remoteObjects(backend, where).objects());

        TestRepo b = clone("pull-" + backend + "-" + kind, backend, where, false);
        proxy.plan(budget(proxy, kind, 2, random, PULL_STALL_MILLIS));
        TestRepo.Run pull = b.run("pull");
        assertEquals(0, pull.code(), backend + " " + kind + " pull:\n" + pull.err());
        assertEquals(Trees.workspace(source).subMap("data", "data\uffff"), Trees.workspace(b.root).subMap("data", "data\uffff"));
        CacheFsck.Report cache = CacheFsck.check(b.path(".cairn/cache"));
        assertTrue(cache.clean(), cache.toString());
        assertEquals(expectedObjects(), cache.objects());

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        // a generous bound: it catches a connection waited on for ever, not a slow machine
        assertTrue(seconds < 300, "a stalled or broken connection is given up in bounded time: took " + seconds + " s");
        Figures.record(NetworkFaultTest.class, backend + "." + kind + ".recovered-faults", proxy.injected(kind) - faultsBefore);
    }

    /** The network goes down for good in the middle of the large object: a clear failure, nothing partial. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aNetworkThatGoesDownForGoodFailsCleanly(Backend backend) throws Exception {
        String where = newRemote(backend);
        FaultProxy proxy = proxy(backend);
        TestRepo a = clone("fail-push-" + backend, backend, where, true);
        int faultsBefore = proxy.injected(FaultProxy.Kind.RESET);
        proxy.plan(downAfter(proxy, LARGE / 2));
        TestRepo.Run push = a.run("push");
        assertEquals(1, push.code(), push.out() + push.err());
        assertTrue(push.err().startsWith("ERROR: "), push.err());
        assertFalse(push.err().contains("Exception"), "a message for people, not a stack trace:\n" + push.err());
        CacheFsck.Report remote = remoteObjects(backend, where);
        assertTrue(remote.clean(), remote.toString());
        assertFalse(remote.objects().contains(largeId()), "the large object never appears half sent");
        int faults = proxy.injected(FaultProxy.Kind.RESET) - faultsBefore;

        // fill the remote over a clean network, then pull over the broken one
        proxy.plan(n -> null);
        a.run("push").expect(0);
        TestRepo b = clone("fail-pull-" + backend, backend, where, false);
        int pullFaultsBefore = proxy.injected(FaultProxy.Kind.RESET);
        proxy.plan(downAfter(proxy, LARGE / 2));
        TestRepo.Run pull = b.run("pull");
        assertEquals(1, pull.code(), pull.out() + pull.err());
        assertTrue(pull.err().startsWith("ERROR: "), pull.err());
        CacheFsck.Report cache = CacheFsck.check(b.path(".cairn/cache"));
        assertTrue(cache.clean(), cache.toString());
        assertFalse(cache.objects().contains(largeId()));
        assertFalse(Files.exists(b.path("data/large.bin")), "no partial workspace file");
        assertEquals(List.of(), Trees.workspaceTemps(b.root));
        Figures.record(NetworkFaultTest.class, backend + ".unrecoverable-faults",
                faults + proxy.injected(FaultProxy.Kind.RESET) - pullFaultsBefore);
    }

    static Stream<Backend> backends() {
        return Stream.of(Backend.values());
    }

    // ---- helpers ----

    /** Faults on new connections, each at a random byte of the transfer, until {@code budget} have struck. */
    private static FaultProxy.Plan budget(FaultProxy proxy, FaultProxy.Kind kind, int budget, Random random, long stallMillis) {
        int already = proxy.injected(kind);
        return n -> proxy.injected(kind) - already >= budget ? null
                : new FaultProxy.Fault(kind, 16 * 1024 + (long) (random.nextDouble() * LARGE), stallMillis);
    }

    /** Every connection is reset once {@code bytes} more have passed through the proxy in all. */
    private static FaultProxy.Plan downAfter(FaultProxy proxy, long bytes) {
        long end = proxy.forwarded() + bytes;
        return n -> new FaultProxy.Fault(FaultProxy.Kind.RESET, end, 0, true);
    }

    private FaultProxy proxy(Backend backend) {
        return backend == Backend.S3 ? s3Proxy : sshProxy;
    }

    /** A fresh, empty remote location: a bucket, or a directory on the SSH server. */
    private String newRemote(Backend backend) {
        return backend == Backend.S3 ? s3.newBucket() : "store-" + names.incrementAndGet();
    }

    /** A copy of the source repository (with its cache when {@code withCache}) whose remote goes through the proxy. */
    private TestRepo clone(String name, Backend backend, String where, boolean withCache) throws Exception {
        Path dir = tmp.resolve(name);
        Trees.copy(source, dir);
        if (!withCache) {
            Trees.delete(dir.resolve(".cairn/cache"));
            Trees.delete(dir.resolve(".cairn/tmp"));
            Trees.delete(dir.resolve("data"));
        }
        TestRepo r = TestRepo.plain(dir);
        if (backend == Backend.S3) {
            r.run("remote", "add", "-d", "r", "s3://" + where + "/team").expect(0);
            r.run("remote", "modify", "r", "endpointurl", "http://127.0.0.1:" + s3Proxy.port()).expect(0);
            r.run("remote", "modify", "--local", "r", "access_key_id", S3Server.KEY).expect(0);
            r.run("remote", "modify", "--local", "r", "secret_access_key", S3Server.SECRET).expect(0);
            // the large object goes up in two parts (16 MiB and 64 KiB), not one PUT
            r.run("remote", "modify", "r", "multipart_threshold", "16MB").expect(0);
        } else {
            r.run("remote", "add", "-d", "r", "ssh://127.0.0.1:" + sshProxy.port() + "/" + where).expect(0);
            r.run("remote", "modify", "r", "user", SshServerFixture.USER).expect(0);
            r.run("remote", "modify", "r", "known_hosts", sshKnownHosts.toString()).expect(0);
            r.run("remote", "modify", "--local", "r", "password", SshServerFixture.PASSWORD).expect(0);
        }
        // short timeouts, so that a stalled connection is given up quickly
        r.run("remote", "modify", "r", "read_timeout", "1").expect(0);
        r.run("remote", "modify", "r", "connect_timeout", "2").expect(0);
        return r;
    }

    private Set<String> expectedObjects() {
        return CacheFsck.check(source.resolve(".cairn/cache")).objects();
    }

    private String largeId() throws Exception {
        return CacheFsck.md5(source.resolve("data/large.bin"));
    }

    /** The remote's objects read directly from the server (not through the proxy), each rehashed. */
    private CacheFsck.Report remoteObjects(Backend backend, String where) throws Exception {
        if (backend == Backend.SSH) {
            return CacheFsck.check(ssh.root(sshDir).resolve(where));
        }
        Set<String> objects = new TreeSet<>();
        List<String> corrupt = new ArrayList<>();
        String root = "team/files/md5/";
        for (S3Object o : s3Client.listObjectsV2Paginator(b -> b.bucket(where).prefix(root)).contents()) {
            String rest = o.key().substring(root.length());
            String value = rest.substring(0, 2) + rest.substring(3);
            String hex = value.endsWith(".dir") ? value.substring(0, value.length() - 4) : value;
            try (InputStream in = s3Client.getObject(b -> b.bucket(where).key(o.key()))) {
                String actual = CacheFsck.md5(in);
                if (actual.equals(hex)) {
                    objects.add(value);
                } else {
                    corrupt.add(value + " (bytes hash to " + actual + ")");
                }
            }
        }
        return new CacheFsck.Report(objects, corrupt, List.of(), List.of());
    }
}
