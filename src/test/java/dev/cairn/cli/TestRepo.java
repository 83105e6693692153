package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/** A temporary Git work tree in which commands run in-process through {@link Main#run}. */
public final class TestRepo {

    /** What one command did. */
    public record Run(int code, String out, String err) {
        public Run expect(int expected) {
            assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    public final Path root;
    private Path cwd;
    private String stdin = "";

    private TestRepo(Path root) {
        this.root = root;
        this.cwd = root;
    }

    /** A Git repository with Cairn initialised. */
    public static TestRepo initialized(Path dir) throws Exception {
        TestRepo r = git(dir);
        r.run("init").expect(0);
        return r;
    }

    /** A plain Git work tree. */
    public static TestRepo git(Path dir) throws Exception {
        try (Git g = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            return new TestRepo(dir.toRealPath());
        }
    }

    public static TestRepo plain(Path dir) throws IOException {
        return new TestRepo(dir.toRealPath());
    }

    public TestRepo in(String subdir) {
        this.cwd = root.resolve(subdir);
        return this;
    }

    public TestRepo stdin(String text) {
        this.stdin = text;
        return this;
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(cwd, Map.of(), Clock.systemUTC(), new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader(stdin)));
        int code = Main.run(ctx, args);
        return new Run(code, out.toString(), err.toString());
    }

    public Path path(String rel) {
        return root.resolve(rel);
    }

    public Path write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    public String read(String rel) throws IOException {
        return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
    }

    public boolean exists(String rel) {
        return Files.exists(root.resolve(rel));
    }

    public Path cacheObject(String hex) {
        return root.resolve(".cairn/cache/files/md5/" + hex.substring(0, 2) + "/" + hex.substring(2));
    }
}
