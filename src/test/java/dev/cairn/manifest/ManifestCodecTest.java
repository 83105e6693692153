package dev.cairn.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.util.CairnException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestCodecTest {

    private static final String DIR_MANIFEST = """
            outs:
            - md5: 5ea40360f5b4ec688df672a4db9c17d1.dir
              size: 6
              nfiles: 2
              hash: md5
              path: data
            """;

    private static Manifest parse(String text) {
        return ManifestCodec.parse(text, Path.of("/r/data.cairn"), "data.cairn");
    }

    @Test
    void directoryManifestRoundTripsByteForByte() {
        Manifest m = parse(DIR_MANIFEST);
        Output o = m.outs().get(0);
        assertEquals("5ea40360f5b4ec688df672a4db9c17d1.dir", o.id().value());
        assertEquals(6, o.size());
        assertEquals(2, o.nfiles());
        assertEquals(DIR_MANIFEST, ManifestCodec.render(m));
    }

    @Test
    void unknownKeysAreKeptInPlace() {
        String text = """
                outs:
                - md5: acbd18db4cc2f85cedef654fccc4a4d8
                  size: 3
                  isexec: true
                  hash: md5
                  path: run.sh
                  desc: 'the script: v1'
                  cache: false
                  labels:
                  - a
                  - b
                frozen: true
                meta:
                  owner: me
                """;
        assertEquals(text, ManifestCodec.render(parse(text)));
    }

    @Test
    void pathsThatNeedQuotingAreQuoted() {
        String text = """
                outs:
                - md5: acbd18db4cc2f85cedef654fccc4a4d8
                  size: 3
                  hash: md5
                  path: '#weird: name'
                """;
        Manifest m = parse(text);
        assertEquals("#weird: name", m.outs().get(0).path());
        assertEquals(text, ManifestCodec.render(m));
        Manifest yes = parse(text.replace("'#weird: name'", "'yes'"));
        assertEquals("yes", yes.outs().get(0).path());
        assertTrue(ManifestCodec.render(yes).contains("path: 'yes'"));
    }

    @Test
    void legacyEntriesWithoutHashKeyStayLegacy() {
        String text = "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  path: foo\n";
        Manifest m = parse(text);
        assertTrue(m.outs().get(0).legacyHash());
        assertEquals(text, ManifestCodec.render(m));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "invalid YAML        | 'outs: [\\n'                                              | data.cairn:",
        "not a mapping       | '- a\\n'                                                  | data.cairn:1:1",
        "outs not a list     | 'outs: 3\\n'                                              | data.cairn:1:7",
        "entry not a mapping | 'outs:\\n- foo\\n'                                        | data.cairn:2:3",
        "missing path        | 'outs:\\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\\n'      | data.cairn:2:3",
        "bad hash value      | 'outs:\\n- md5: nothex\\n  path: a\\n'                    | data.cairn:2:8",
        "size not a number   | 'outs:\\n- path: a\\n  size: big\\n'                      | data.cairn:3:9",
        "negative size       | 'outs:\\n- path: a\\n  size: -1\\n'                       | data.cairn:3:9",
        "isexec not bool     | 'outs:\\n- path: a\\n  isexec: maybe\\n'                  | data.cairn:3:11",
        "isexec YAML 1.1 yes | 'outs:\\n- path: a\\n  isexec: yes\\n'                    | data.cairn:3:11",
        "nfiles over int     | 'outs:\\n- path: a\\n  nfiles: 4294967296\\n'             | data.cairn:3:11",
        "unknown algorithm   | 'outs:\\n- path: a\\n  hash: sha1\\n'                     | data.cairn:3:9",
        "duplicate key       | 'outs:\\n- path: a\\n  path: b\\n'                        | data.cairn:3:3",
        "python tag          | 'outs:\\n- path: !!python/object:os.system a\\n'          | data.cairn:2:9",
        "custom tag on map   | 'outs:\\n- !foo {path: a}\\n'                             | data.cairn:2:3",
        "path is a list      | 'outs:\\n- path: [a]\\n'                                  | data.cairn:2:9",
    })
    void badManifestsNameFileLineAndColumn(String name, String text, String where) {
        CairnException e = assertThrows(CairnException.class, () -> parse(text.replace("\\n", "\n")));
        assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith(where), name + ": " + e.getMessage());
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 30; i++) {
            sb.append("b").append(i).append(": &b").append(i).append(" [")
                    .append(i == 0 ? "*a" : "*b" + (i - 1)).append(", ").append(i == 0 ? "*a" : "*b" + (i - 1))
                    .append(", ").append(i == 0 ? "*a" : "*b" + (i - 1)).append("]\n");
        }
        sb.append("outs: []\n");
        CairnException e = assertThrows(CairnException.class, () -> parse(sb.toString()));
        assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
    }

    @Test
    void deepNestingIsRefused() {
        String text = "outs: " + "[".repeat(500) + "]".repeat(500) + "\n";
        CairnException e = assertThrows(CairnException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith("data.cairn"), e.getMessage());
    }
}
