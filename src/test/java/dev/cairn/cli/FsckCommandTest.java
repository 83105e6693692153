package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.storage.s3.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** {@code cairn fsck}: missing objects, remotes checked by listing and by checksum, --json, refusals. */
class FsckCommandTest {

    @TempDir
    Path tmp;

    private TestRepo repoWithData() throws Exception {
        TestRepo r = TestRepo.initialized(Files.createDirectories(tmp.resolve("r")));
        for (int i = 0; i < 5; i++) {
            r.write("data/d" + (i % 2) + "/f" + i, "file " + i);
        }
        r.write("model.bin", "weights");
        r.run("add", "data", "model.bin").expect(0);
        return r;
    }

    @Test
    void aHealthyCacheIsClean() throws Exception {
        TestRepo r = repoWithData();
        TestRepo.Run run = r.run("fsck").expect(0);
        assertTrue(run.out().contains("Checked 7 object(s)"), run.out()); // 5 files, 1 tree, 1 model
        assertTrue(run.out().contains("0 corrupt, 0 missing"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void missingObjectsAreNamedWithWhatUsesThem() throws Exception {
        TestRepo r = repoWithData();
        String hex = DigestUtils.md5Hex("file 3");
        Files.delete(r.cacheObject(hex));
        Files.delete(r.cacheObject(DigestUtils.md5Hex("weights")));
        TestRepo.Run run = r.run("fsck").expect(ExitCodes.FAILED);
        assertTrue(run.out().contains("missing\t" + hex + "\tused by data/d1/f3"), run.out());
        assertTrue(run.out().contains("used by model.bin"), run.out());
        assertTrue(run.err().contains("2 referenced object(s) are missing from the cache"), run.err());
    }

    @Test
    void repairNeedsARemote() throws Exception {
        TestRepo r = repoWithData();
        TestRepo.Run run = r.run("fsck", "--repair").expect(ExitCodes.BAD_INPUT);
        assertTrue(run.err().contains("no remote"), run.err());
    }

    @Test
    void repairFetchesMissingObjectsAndTheFilesOfMissingTrees() throws Exception {
        TestRepo r = repoWithData();
        r.run("remote", "add", "-d", "store", tmp.resolve("store").toString()).expect(0);
        r.run("push").expect(0);
        String tree = r.read("data.cairn").replaceAll("(?s).*md5: ([0-9a-f]{32})\\.dir.*", "$1");
        Files.delete(r.path(".cairn/cache/files/md5/" + tree.substring(0, 2) + "/" + tree.substring(2) + ".dir"));
        Files.delete(r.cacheObject(DigestUtils.md5Hex("file 0")));
        Files.delete(r.cacheObject(DigestUtils.md5Hex("weights")));
        r.run("fsck").expect(ExitCodes.FAILED);
        TestRepo.Run repair = r.run("fsck", "--repair").expect(0);
        assertTrue(repair.out().contains("Repaired 3 object(s)"), repair.out());
        assertTrue(Files.exists(r.cacheObject(DigestUtils.md5Hex("file 0"))));
        r.run("fsck").expect(0);
    }

    @Test
    void remoteCheckedByPresenceWhenItReportsNoChecksums() throws Exception {
        TestRepo r = repoWithData();
        r.run("remote", "add", "-d", "store", tmp.resolve("store").toString()).expect(0);
        TestRepo.Run before = r.run("fsck", "-r", "store").expect(ExitCodes.FAILED);
        assertTrue(before.out().contains("missing on remote\t" + DigestUtils.md5Hex("weights") + "\tused by model.bin"), before.out());
        assertTrue(before.out().contains("by presence only"), before.out());
        assertTrue(before.err().contains("7 referenced object(s) are missing from"), before.err());
        assertTrue(before.err().contains("cairn push"), before.err());
        r.run("push").expect(0);
        TestRepo.Run after = r.run("fsck", "-r", "store").expect(0);
        assertTrue(after.out().contains("7 object(s), by presence only"), after.out());
    }

    @Test
    void jsonGivesEveryFinding() throws Exception {
        TestRepo r = repoWithData();
        String hex = DigestUtils.md5Hex("weights");
        Path object = r.cacheObject(hex);
        object.toFile().setWritable(true);
        Files.writeString(object, "tampered");
        TestRepo.Run run = r.run("fsck", "--json").expect(ExitCodes.FAILED);
        String json = run.out().strip();
        assertTrue(json.startsWith("{\"ok\": false, \"objects\": 7, "), json);
        assertTrue(json.contains("\"corrupt\": [{\"id\": \"" + hex + "\", \"file\": \".cairn/cache/files/md5/"), json);
        assertTrue(json.contains("\"used_by\": \"model.bin\""), json);
        assertTrue(json.contains("\"missing\": []"), json);
    }

    @Test
    void aTreeThatIsNotAValidTreeIsReported() throws Exception {
        TestRepo r = TestRepo.initialized(Files.createDirectories(tmp.resolve("r")));
        String tree = "[{\"md5\": \"" + DigestUtils.md5Hex("x") + "\", \"relpath\": \"../escape\"}]";
        String id = DigestUtils.md5Hex(tree);
        Path obj = r.path(".cairn/cache/files/md5/" + id.substring(0, 2) + "/" + id.substring(2) + ".dir");
        Files.createDirectories(obj.getParent());
        Files.writeString(obj, tree);
        TestRepo.Run run = r.run("fsck").expect(ExitCodes.FAILED);
        assertTrue(run.out().contains("invalid tree\t" + id + ".dir"), run.out());
        assertTrue(run.out().contains("not a plain relative path"), run.out());
    }

    @Test
    void s3ChecksumsAreCompared() throws Exception {
        try (S3Server server = new S3Server()) {
            String bucket = server.newBucket();
            TestRepo r = repoWithData();
            r.run("remote", "add", "-d", "s3", "s3://" + bucket + "/team").expect(0);
            r.run("remote", "modify", "s3", "endpointurl", server.endpoint().toString()).expect(0);
            r.run("remote", "modify", "--local", "s3", "access_key_id", S3Server.KEY).expect(0);
            r.run("remote", "modify", "--local", "s3", "secret_access_key", S3Server.SECRET).expect(0);
            r.run("push").expect(0);
            TestRepo.Run clean = r.run("fsck", "-r", "s3").expect(0);
            assertTrue(clean.out().contains("7 by the checksum the store reports"), clean.out());

            // damage one object on the store itself
            String hex = DigestUtils.md5Hex("weights");
            server.client().putObject(PutObjectRequest.builder().bucket(bucket)
                    .key("team/files/md5/" + hex.substring(0, 2) + "/" + hex.substring(2)).build(), RequestBody.fromString("tampered"));
            TestRepo.Run run = r.run("fsck", "-r", "s3").expect(ExitCodes.FAILED);
            assertTrue(run.out().contains("checksum differs on remote\t" + hex), run.out());
            assertTrue(run.err().contains("1 object(s) on s3://" + bucket + "/team/ have a wrong checksum"), run.err());
            assertFalse(run.out().contains(S3Server.SECRET) || run.err().contains(S3Server.SECRET));
        }
    }
}
