package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    @TempDir
    Path tmp;
    TestRepo r;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(tmp);
        r.write("data/a", "a");
        r.write("data/b", "b");
        r.write("model.pt", "m");
        r.run("add", "data", "model.pt").expect(0);
    }

    @Test
    void cleanWorkspaceIsSilent() {
        TestRepo.Run run = r.run("status").expect(0);
        assertEquals("", run.out());
        assertEquals("", run.err());
    }

    @Test
    void reportsModifiedNewDeletedFilesInsideDirectories() throws Exception {
        r.write("data/a", "changed");
        r.write("data/c", "new");
        Files.delete(r.path("data/b"));
        Files.delete(r.path("model.pt"));
        String out = r.run("status").expect(0).out();
        assertEquals("""
                data.cairn:
                \tchanged outs:
                \t\tmodified:           data
                \t\t\tmodified:   data/a
                \t\t\tdeleted:    data/b
                \t\t\tnew:        data/c
                model.pt.cairn:
                \tchanged outs:
                \t\tdeleted:            model.pt
                """, out);
    }

    @Test
    void reportsObjectsMissingFromTheCache() throws Exception {
        Files.delete(r.cacheObject("6f8f57715090da2632453988d9a1501b")); // md5("m")
        String json = r.run("status", "--json").expect(0).out();
        assertEquals("{\"model.pt.cairn\": [{\"path\": \"model.pt\", \"status\": \"not in cache\"}]}\n", json);
    }

    @Test
    void targetsLimitTheReport() throws Exception {
        r.write("data/a", "changed");
        Files.delete(r.path("model.pt"));
        String out = r.run("status", "model.pt").expect(0).out();
        assertTrue(out.contains("model.pt") && !out.contains("data"), out);
        r.run("status", "nothing-here").expect(ExitCodes.BAD_INPUT);
    }

    @Test
    void jsonListsFileChanges() throws Exception {
        r.write("data/c", "new");
        assertEquals("{\"data.cairn\": [{\"path\": \"data\", \"status\": \"modified\", \"files\": [{\"path\": \"c\", \"status\": \"new\"}]}]}\n",
                r.run("status", "--json").expect(0).out());
    }
}
