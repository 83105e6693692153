package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.storage.gcs.GcsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** push and pull through a gs:// remote on a real GCS emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcsRemoteTest {

    private GcsServer server;

    @BeforeAll
    void start() throws Exception {
        server = new GcsServer();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void pushAndPullThroughGcs(@TempDir Path tmp) throws Exception {
        String bucket = server.newBucket();
        TestRepo a = TestRepo.initialized(Files.createDirectories(tmp.resolve("a")));
        TestRepo b = TestRepo.initialized(Files.createDirectories(tmp.resolve("b")));
        for (TestRepo r : new TestRepo[] {a, b}) {
            r.run("remote", "add", "-d", "gcs", "gs://" + bucket + "/team").expect(0);
            r.run("remote", "modify", "gcs", "endpointurl", server.endpoint()).expect(0);
        }
        for (int i = 0; i < 30; i++) {
            a.write("data/f" + i, "gcs content " + i);
        }
        a.write("model.bin", "weights");
        a.run("add", "data", "model.bin").expect(0);
        assertTrue(a.run("push").expect(0).out().startsWith("32 object(s) pushed"));
        assertEquals("", a.run("status", "-c").expect(0).out());

        Files.copy(a.path("data.cairn"), b.path("data.cairn"));
        Files.copy(a.path("model.bin.cairn"), b.path("model.bin.cairn"));
        b.run("pull").expect(0);
        assertEquals("gcs content 29", b.read("data/f29"));
        assertEquals("weights", b.read("model.bin"));
    }
}
