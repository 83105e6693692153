package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCommandTest {

    /** "cairn VERSION (commit ID)": ID is an abbreviated commit id (optionally -dirty), or "unknown". */
    private static final Pattern LINE = Pattern.compile("cairn (\\S+) \\(commit ([0-9a-f]{7,40}(?:-dirty)?|unknown)\\)\n");

    @TempDir
    Path tmp;

    @Test
    void versionOptionAndCommandPrintTheVersionAndCommit() throws Exception {
        TestRepo r = TestRepo.plain(tmp);
        String option = r.run("--version").expect(0).out();
        assertEquals(option, r.run("version").expect(0).out());
        Matcher m = LINE.matcher(option);
        assertTrue(m.matches(), "unexpected version line: " + option);
        assertTrue(m.group(1).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), option);
    }

    /** The tests run from the source tree: when that is a Git checkout, the build must have named its HEAD. */
    @Test
    void theCommitIsTheCheckoutsHeadWhenBuiltFromGit() throws Exception {
        Path basedir = Path.of("").toAbsolutePath();
        if (!Files.exists(basedir.resolve(".git"))) {
            return; // built from a source archive: "unknown" is right, and the test above accepts it
        }
        Matcher m = LINE.matcher(VersionCommand.versionLine() + "\n");
        assertTrue(m.matches());
        String commit = m.group(2).replace("-dirty", "");
        assertTrue(commit.matches("[0-9a-f]{7,40}"), "a build in a Git checkout must name its commit: " + commit);
        ObjectId head;
        try (Repository repo = new FileRepositoryBuilder().findGitDir(basedir.toFile()).setMustExist(true).build()) {
            head = repo.resolve("HEAD");
        }
        assertTrue(head.name().startsWith(commit), "built from " + commit + ", but HEAD is " + head.name()
                + " (rebuild: the commit is read at build time)");
    }
}
