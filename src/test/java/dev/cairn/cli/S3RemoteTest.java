package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.storage.s3.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** push and pull through an s3:// remote on a real S3-compatible server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3RemoteTest {

    private S3Server server;

    @BeforeAll
    void start() throws Exception {
        server = new S3Server();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void configure(TestRepo r, String bucket) {
        r.run("remote", "add", "-d", "s3", "s3://" + bucket + "/team/data").expect(0);
        r.run("remote", "modify", "s3", "endpointurl", server.endpoint().toString()).expect(0);
        r.run("remote", "modify", "--local", "s3", "access_key_id", S3Server.KEY).expect(0);
        r.run("remote", "modify", "--local", "s3", "secret_access_key", S3Server.SECRET).expect(0);
    }

    @Test
    void pushAndPullThroughS3(@TempDir Path tmp) throws Exception {
        String bucket = server.newBucket();
        TestRepo a = TestRepo.initialized(Files.createDirectories(tmp.resolve("a")));
        TestRepo b = TestRepo.initialized(Files.createDirectories(tmp.resolve("b")));
        configure(a, bucket);
        configure(b, bucket);
        assertFalse(a.read(".cairn/config").contains(S3Server.SECRET), "secrets stay in config.local");
        for (int i = 0; i < 40; i++) {
            a.write("data/f" + i, "content " + i);
        }
        a.run("add", "data").expect(0);
        assertTrue(a.run("push").expect(0).out().startsWith("41 object(s) pushed"));
        assertEquals("", a.run("status", "-c").expect(0).out());

        Files.copy(a.path("data.cairn"), b.path("data.cairn"));
        b.run("pull").expect(0);
        assertEquals("content 39", b.read("data/f39"));
        assertEquals("", b.run("status").expect(0).out());
    }

    @Test
    void wrongCredentialsFailClearlyWithoutEchoingSecrets(@TempDir Path tmp) throws Exception {
        TestRepo a = TestRepo.initialized(tmp);
        configure(a, "no-such-bucket-" + System.nanoTime());
        a.write("f", "x");
        a.run("add", "f").expect(0);
        TestRepo.Run run = a.run("push");
        assertEquals(ExitCodes.FAILED, run.code(), run.err());
        assertTrue(run.err().startsWith("ERROR: cannot "), run.err());
        assertFalse(run.err().contains(S3Server.SECRET), run.err());
    }
}
