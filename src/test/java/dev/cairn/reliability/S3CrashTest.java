package dev.cairn.reliability;

import dev.cairn.cli.TestRepo;
import dev.cairn.storage.s3.S3Server;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The crash-consistency loop of {@link CrashConsistencyTest} for push and pull against an S3
 * remote (gofakes3), with fewer kills ({@code -Dcairn.crash.s3.kills=N}): a child with the AWS
 * SDK starts slower. Each push case gets an empty bucket of its own; the bucket is checked like a
 * cache (every object's MD5 is its name).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CrashTest {

    static final int KILLS = Integer.getInteger("cairn.crash.s3.kills", 5);
    static final long SEED = Long.getLong("cairn.crash.seed", System.nanoTime());
    private static final String PREFIX = "team/";

    @TempDir
    Path tmp;

    private S3Server server;
    private S3Client client;

    @BeforeAll
    void start() throws Exception {
        server = new S3Server();
        client = server.client();
        System.out.println("S3CrashTest seed " + SEED + " (replay with -Dcairn.crash.seed=" + SEED + "), " + KILLS
                + " kills per command");
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void push() throws Exception {
        String first = server.newBucket();
        Path t = template("s3-push", first, r -> r.run("add", "data", "model.bin").expect(0));
        new KillLoop(S3CrashTest.class, tmp, SEED)
                .prep(caseDir -> {
                    String bucket = server.newBucket();
                    Files.writeString(caseDir.resolve("bucket"), bucket);
                    TestRepo.plain(caseDir.resolve("repo")).run("remote", "modify", "s3", "url", "s3://" + bucket + "/" + PREFIX).expect(0);
                })
                .remote(caseDir -> check(Files.readString(caseDir.resolve("bucket"))))
                .run("s3-push", t, List.of("push"), KILLS);
    }

    @Test
    void pull() throws Exception {
        String bucket = server.newBucket();
        Path t = template("s3-pull", bucket, r -> {
            r.run("add", "data", "model.bin").expect(0);
            r.run("push").expect(0);
            Trees.delete(r.path(".cairn/cache"));
            Trees.delete(r.path(".cairn/tmp"));
            Trees.delete(r.path("data"));
            Files.delete(r.path("model.bin"));
        });
        new KillLoop(S3CrashTest.class, tmp, SEED)
                .remote(caseDir -> check(Files.readString(caseDir.resolve("bucket"))))
                .run("s3-pull", t, List.of("pull"), KILLS);
    }

    private Path template(String name, String bucket, CrashConsistencyTest.Setup setup) throws Exception {
        Path t = tmp.resolve(name + "-template");
        TestRepo r = TestRepo.initialized(Files.createDirectories(t.resolve("repo")));
        Files.writeString(t.resolve("bucket"), bucket);
        r.run("remote", "add", "-d", "s3", "s3://" + bucket + "/" + PREFIX).expect(0);
        r.run("remote", "modify", "s3", "endpointurl", server.endpoint().toString()).expect(0);
        r.run("remote", "modify", "--local", "s3", "access_key_id", S3Server.KEY).expect(0);
        r.run("remote", "modify", "--local", "s3", "secret_access_key", S3Server.SECRET).expect(0);
        Trees.writeFiles(r.root, "data", 32, 4, 200, 4000, 1);
        Trees.writeRandom(r.path("model.bin"), 512 << 10, 2);
        setup.prepare(r);
        return t;
    }

    /** The bucket's objects, each read back and rehashed: the {@link CacheFsck} of an S3 remote. */
    private CacheFsck.Report check(String bucket) throws Exception {
        Set<String> objects = new TreeSet<>();
        List<String> corrupt = new ArrayList<>();
        List<Path> strays = new ArrayList<>();
        String root = PREFIX + "files/md5/";
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX)).contents()) {
            String rest = o.key().startsWith(root) ? o.key().substring(root.length()) : "";
            String value = rest.length() > 3 && rest.charAt(2) == '/' ? rest.substring(0, 2) + rest.substring(3) : "";
            String hex = value.endsWith(".dir") ? value.substring(0, value.length() - 4) : value;
            if (!hex.matches("[0-9a-f]{32}")) {
                strays.add(Path.of(o.key()));
                continue;
            }
            String actual;
            try (InputStream in = client.getObject(b -> b.bucket(bucket).key(o.key()))) {
                actual = CacheFsck.md5(in);
            }
            if (actual.equals(hex)) {
                objects.add(value);
            } else {
                corrupt.add(value + " (bytes hash to " + actual + ")");
            }
        }
        return new CacheFsck.Report(objects, corrupt, List.of(), strays);
    }
}
