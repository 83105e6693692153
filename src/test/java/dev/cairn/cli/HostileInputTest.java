package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile and careless input corpus, beyond what {@link ErrorsTest} and
 * {@link PipelineValidationTest} cover: one case each, every one ending in a clear message that
 * names the file (with line and column for YAML), exit 2 (1 for a failed transfer), and nothing
 * written — the workspace, the cache and everything outside the repository stay as they were.
 */
class HostileInputTest {

    private static final String FOO = DigestUtils.md5Hex("foo");
    /** A payload SnakeYAML's unsafe constructor would turn into a class loader fetching code. */
    private static final String SCRIPT_ENGINE = "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
            + "[[!!java.net.URL [\"http://127.0.0.1:1/x\"]]]]";

    @TempDir
    Path tmp;
    TestRepo r;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        r = TestRepo.initialized(Files.createDirectories(tmp.resolve("repo")));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("in"), "outside");
        r.write("keep/me", "foo");
        r.run("add", "keep").expect(0);
        r.run("remote", "add", "-d", "store", tmp.resolve("store").toString()).expect(0);
    }

    /** Every file of the repository (but .git and .cairn/tmp) and outside it, with contents. */
    private String snapshot() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Path base : List.of(r.root, outside)) {
            try (Stream<Path> s = Files.walk(base)) {
                s.filter(p -> !p.startsWith(r.root.resolve(".git")) && !p.startsWith(r.root.resolve(".cairn/tmp")))
                        .sorted().forEach(p -> {
                            sb.append(p);
                            try {
                                if (Files.isRegularFile(p) && Files.size(p) < 4096) {
                                    sb.append(':').append(Files.readString(p, StandardCharsets.ISO_8859_1));
                                } else if (Files.isRegularFile(p)) {
                                    sb.append(':').append(Files.size(p)).append(" bytes");
                                }
                            } catch (Exception e) {
                                sb.append(":?");
                            }
                            sb.append('\n');
                        });
            }
        }
        return sb.toString();
    }

    /** Runs each command; every one must exit with {@code code} and say {@code expected}; nothing may change. */
    private void refused(int code, String expected, String... commands) throws Exception {
        String before = snapshot();
        for (String command : commands) {
            TestRepo.Run run = r.run(command.split(" "));
            assertEquals(code, run.code(), () -> command + ": " + run.out() + run.err());
            assertTrue(run.err().contains(expected), () -> command + ": expected '" + expected + "' in: " + run.err());
            assertTrue(run.err().startsWith("ERROR: "), () -> command + ": " + run.err());
        }
        assertEquals(before, snapshot(), "nothing written");
    }

    private static String aliasBomb(String indent) {
        StringBuilder sb = new StringBuilder(indent + "a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            String prev = i == 0 ? "*a" : "*b" + (i - 1);
            sb.append(indent).append("b").append(i).append(": &b").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- manifests

    @Test
    void manifestWithAnObjectConstructingTagIsRefused() throws Exception {
        r.write("x.cairn", "outs:\n- md5: " + FOO + "\n  path: " + SCRIPT_ENGINE + "\n");
        refused(2, "x.cairn:3:9: invalid YAML: Global tag is not allowed", "status", "checkout", "push", "fsck");
    }

    @Test
    void manifestOverTheSizeLimitIsRefusedUnread() throws Exception {
        r.write("x.cairn", "outs:\n- path: x\n  desc: '" + "x".repeat(17 << 20) + "'\n");
        refused(2, "x.cairn: file too large (over 16 MiB)", "status", "checkout", "commit");
    }

    @Test
    void deeplyNestedManifestIsRefusedWithItsPosition() throws Exception {
        r.write("x.cairn", "outs:\n- path: x\n  meta: " + "{a: ".repeat(200) + "1" + "}".repeat(200) + "\n");
        refused(2, "x.cairn:3:", "status", "checkout");
        assertTrue(r.run("status").err().contains("Nesting Depth exceeded"));
    }

    @Test
    void aliasBombInAManifestIsRefusedWithItsPosition() throws Exception {
        r.write("x.cairn", aliasBomb("") + "outs: []\n");
        refused(2, "x.cairn:7:", "status", "checkout", "gc -w -f");
        assertTrue(r.run("status").err().contains("aliases"));
    }

    @Test
    void duplicateKeysInAManifestAreRefused() throws Exception {
        r.write("x.cairn", "outs:\n- md5: " + FOO + "\n  path: a\n  path: b\n");
        refused(2, "x.cairn:4:3: duplicate key 'path'", "status", "checkout");
    }

    @Test
    void manifestThatIsNotUtf8IsRefused() throws Exception {
        Files.write(r.path("x.cairn"), new byte[] {'o', 'u', 't', 's', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        refused(2, "x.cairn: not valid UTF-8 text", "status", "checkout");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".git/config           | x.cairn:3:9: path '.git/config' is inside Cairn's or Git's own files",
        ".git/hooks/pre-commit | x.cairn:3:9: path '.git/hooks/pre-commit' is inside Cairn's or Git's own files",
        ".cairn/config         | x.cairn:3:9: path '.cairn/config' is inside Cairn's or Git's own files",
        "sub/../.git/x         | x.cairn:3:9: path 'sub/../.git/x' is inside Cairn's or Git's own files",
        "a\\0b                  | x.cairn:3:9: path contains a NUL character",
        "a\\tb                  | x.cairn:3:9: path contains a control character (U+0009)",
        "a\\x7fb                | x.cairn:3:9: path contains a control character (U+007F)",
    })
    void manifestPathsIntoGitOrWithControlCharactersAreRefused(String path, String expected) throws Exception {
        String yaml = path.contains("\\") ? "\"" + path + "\"" : path;
        r.write("x.cairn", "outs:\n- md5: " + FOO + "\n  path: " + yaml + "\n");
        refused(2, expected, "status", "checkout", "commit", "push");
    }

    // ---------------------------------------------------------------- lock files

    @ParameterizedTest
    @ValueSource(strings = {"../outside/in", "/etc/passwd", "a/../../outside/in"})
    void lockFileOutputsOutsideTheWorkspaceAreNeverFollowed(String path) throws Exception {
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: touch ran\n    outs: [y]\n");
        r.write("pipeline.lock", "schema: '2.0'\nstages:\n  a:\n    cmd: touch ran\n    outs:\n    - path: " + path
                + "\n      hash: md5\n      md5: " + FOO + "\n      size: 3\n");
        // in the workspace only the outputs the pipeline declares (validated) are taken from the lock file
        String before = snapshot();
        r.run("checkout").expect(0);
        assertEquals(before, snapshot());
        // at a revision, every path the lock file records is resolved, and refused
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(r.root.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("hostile lock").call();
        }
        refused(2, "pipeline.lock", "push -A", "gc -A -f", "fetch --rev HEAD");
        assertTrue(r.run("push", "-A").err().contains(path.startsWith("/") ? "absolute path" : "leaves"));
    }

    @Test
    void lockFileWithAnObjectConstructingTagIsRefused() throws Exception {
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: touch ran\n    outs: [y]\n");
        r.write("pipeline.lock", "schema: '2.0'\nstages: " + SCRIPT_ENGINE + "\n");
        refused(2, "pipeline.lock:2:9: invalid YAML: Global tag is not allowed", "status", "checkout", "repro");
        assertFalse(r.exists("ran"));
    }

    // ---------------------------------------------------------------- pipeline files

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "absolute dep           | deps: [/etc/passwd]         | pipeline.yaml:4:12: absolute path '/etc/passwd' is not allowed",
        "dep leaving the repo   | deps: [../outside/in]       | pipeline.yaml:4:12: path '../outside/in' leaves",
        "dep a/../../b          | deps: [a/../../outside/in]  | pipeline.yaml:4:12: path 'a/../../outside/in' leaves",
        "output in .git         | outs: [.git/hooks/post-checkout] | pipeline.yaml:4:12: '.git/hooks/post-checkout' is the repository itself or inside Cairn's or Git's own files",
        "output in .cairn       | outs: [.cairn/cache/x]      | pipeline.yaml:4:12: '.cairn/cache/x' is the repository itself or inside",
        "NUL in a dep           | 'deps: [\"a\\0b\"]'          | pipeline.yaml:4:12: path contains a NUL character",
        "control char in an out | 'outs: [\"a\\x1bb\"]'        | pipeline.yaml:4:12: path contains a control character (U+001B)",
        "javax tag              | 'outs: !!javax.script.ScriptEngineManager [x]' | pipeline.yaml:4:11: invalid YAML: Global tag is not allowed",
    })
    void hostilePipelinePathsAreRefused(String name, String stageLine, String expected) throws Exception {
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: touch ran\n    " + stageLine + "\n");
        refused(2, expected, "repro", "status", "repro --dry");
        assertFalse(r.exists("ran"), "nothing ran");
    }

    @Test
    void pipelineDepAndOutThroughASymlinkedDirectoryAreRefused() throws Exception {
        Files.createSymbolicLink(r.path("lnk"), outside);
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: touch ran\n    deps: [lnk/in]\n");
        refused(2, "pipeline.yaml:4:12: path 'lnk/in' goes through symlink", "repro", "status");
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: echo x > lnk/out\n    outs: [lnk/out]\n");
        refused(2, "pipeline.yaml:4:12: path 'lnk/out' goes through symlink", "repro", "status");
        assertFalse(Files.exists(outside.resolve("out")));
    }

    @Test
    void hugeDeepAndExplosivePipelineFilesAreRefused() throws Exception {
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: touch ran\n    desc: '" + "x".repeat(17 << 20) + "'\n");
        refused(2, "pipeline.yaml: file too large (over 16 MiB)", "repro", "status");
        r.write("pipeline.yaml", "stages:\n  a:\n    cmd: touch ran\n    meta: " + "[".repeat(100) + "]".repeat(100) + "\n");
        refused(2, "pipeline.yaml:4:", "repro", "status");
        r.write("pipeline.yaml", "vars:\n- " + aliasBomb("  ").substring(2) + "stages:\n  a:\n    cmd: touch ran\n");
        refused(2, "pipeline.yaml:8:", "repro", "status");
        assertFalse(r.exists("ran"));
    }

    // ---------------------------------------------------------------- names on disk

    @Test
    void addRefusesADirectoryHoldingANameATreeCannotHold() throws Exception {
        r.write("data/ok", "ok");
        r.write("data/sub/bad\nname", "x");
        refused(2, "'data/sub/bad\\x0aname': path contains a control character (U+000A)", "add data");
        assertFalse(r.exists("data.cairn"));
    }

    @Test
    void addRefusesAFileWhoseNameHoldsAControlCharacter() throws Exception {
        r.write("esc\u001b[31mred", "x");
        refused(2, "cannot add 'esc\\x1b[31mred': path contains a control character (U+001B)", "add esc\u001b[31mred");
    }

    @Test
    void addThroughASymlinkedDirectoryPointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(r.path("lnk"), outside);
        refused(2, "goes through symlink", "add lnk/in");
        refused(2, "is a symbolic link", "add lnk");
    }

    @Test
    void aNameLikeADriveLetterIsNotMistakenForOne() throws Exception {
        r.write("data/a:b", "x");
        r.run("add", "data").expect(0);
        Files.delete(r.path("data/a:b"));
        r.run("checkout").expect(0);
        assertEquals("x", r.read("data/a:b"));
    }

    // ---------------------------------------------------------------- remote URLs with credentials

    @Test
    void passwordsInCommittedRemoteUrlsAreRefusedWithoutEchoingThem() throws Exception {
        String secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLE";
        refused(2, "holds a password", "remote add s3 s3://AKIAEXAMPLE:" + secret + "@bucket/prefix",
                "remote add ssh ssh://me:" + secret + "@127.0.0.1:1/srv/data",
                "remote modify store url ssh://me:" + secret + "@127.0.0.1:1/srv/data");
        for (String command : List.of("remote add s3 s3://AKIAEXAMPLE:" + secret + "@bucket/prefix",
                "remote add ssh ssh://me:" + secret + "@127.0.0.1:1/srv/data")) {
            TestRepo.Run run = r.run(command.split(" "));
            assertFalse((run.out() + run.err()).contains(secret) || (run.out() + run.err()).contains("bPxRfiCY"), run.err());
        }
        for (String url : List.of("s3://AKIAEXAMPLE:" + secret + "@bucket/prefix", "gs://key:" + secret + "@bucket/x")) {
            TestRepo.Run run = r.run("remote", "add", "--local", "x", url);
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("credentials do not belong in the URL"), run.err());
            assertFalse((run.out() + run.err()).contains(secret) || (run.out() + run.err()).contains("bPxRfiCY"), run.err());
        }
        assertFalse(r.read(".cairn/config").contains(secret));
    }

    @Test
    void aPasswordKeptInConfigLocalIsNeverEchoed() throws Exception {
        String secret = "hunter2-s3cr3t";
        r.run("remote", "add", "--local", "-d", "ssh", "ssh://me:" + secret + "@127.0.0.1:1/srv/data").expect(0);
        r.run("remote", "modify", "--local", "ssh", "password", secret).expect(0);
        r.write("d.bin", "data");
        r.run("add", "d.bin").expect(0);
        List<String> outputs = new ArrayList<>();
        for (String command : List.of("remote list", "config -l", "config --local -l", "push", "fetch", "pull",
                "status -c", "fsck -r ssh", "gc -w -c -f", "push -r ssh -j 1")) {
            TestRepo.Run run = r.run(command.split(" "));
            assertTrue(run.code() == 0 || run.code() == 1, command + ": " + run.err());
            outputs.add(command + "\n" + run.out() + run.err());
        }
        for (String output : outputs) {
            assertFalse(output.contains(secret) || output.contains("hunter2") || output.contains("s3cr3t"), output);
        }
        assertTrue(String.join("\n", outputs).contains("ssh://me:***@127.0.0.1:1/srv/data"), String.join("\n", outputs));
    }

    // ---------------------------------------------------------------- trees from a remote

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a/../../b", "a/./b", "a//b", "C:/x"})
    void aTreeFromARemoteWhoseRelpathsEscapeIsRefusedBeforeWriting(String relpath) throws Exception {
        Path store = tmp.resolve("store");
        String tree = "[{\"md5\": \"" + FOO + "\", \"relpath\": \"" + relpath + "\"}]";
        String id = DigestUtils.md5Hex(tree);
        Path remoteTree = store.resolve("files/md5/" + id.substring(0, 2) + "/" + id.substring(2) + ".dir");
        Files.createDirectories(remoteTree.getParent());
        Files.writeString(remoteTree, tree);
        Path remoteFoo = store.resolve("files/md5/" + FOO.substring(0, 2) + "/" + FOO.substring(2));
        Files.createDirectories(remoteFoo.getParent());
        Files.writeString(remoteFoo, "foo");
        r.write("d.cairn", "outs:\n- md5: " + id + ".dir\n  size: 3\n  nfiles: 1\n  hash: md5\n  path: d\n");
        refused(2, "tree " + id + ".dir of 'd' from " + store + ": entry 0:", "fetch", "pull");
        assertFalse(r.exists("d"));
        TestRepo.Run fsck = r.run("fsck", "-r", "store").expect(ExitCodes.FAILED);
        assertTrue(fsck.out().contains("invalid tree\t" + id + ".dir\ttree " + id + ".dir on " + store + ": entry 0:"), fsck.out());
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("b")));
    }
}
