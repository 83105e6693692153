package dev.cairn.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.util.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TreeCodecTest {

    private static final String MD5 = "acbd18db4cc2f85cedef654fccc4a4d8";

    private static Tree decode(String json) {
        return TreeCodec.decode(json.getBytes(StandardCharsets.UTF_8), HashAlgorithm.MD5, "tree x");
    }

    @Test
    void roundTripKeepsEntriesAndToleratesExtraKeys() {
        Tree t = decode("[{\"md5\": \"" + MD5 + "\", \"relpath\": \"d/\\u00e9\", \"isexec\": true, \"size\": 3}]");
        assertEquals(List.of(new TreeEntry("d/\u00e9", ObjectId.parse(HashAlgorithm.MD5, MD5))), t.entries());
        assertEquals(t.entries(), decode(new String(TreeCodec.encode(t), StandardCharsets.US_ASCII)).entries());
    }

    @Test
    void tellsWhetherBytesAreInTheFormEncodeWrites() {
        Tree t = Tree.of(List.of(new TreeEntry("b", ObjectId.parse(HashAlgorithm.MD5, MD5)),
                new TreeEntry("a", ObjectId.parse(HashAlgorithm.MD5, MD5))));
        assertTrue(TreeCodec.decodeWithForm(TreeCodec.encode(t), HashAlgorithm.MD5, "x").canonical());
        assertTrue(TreeCodec.decodeWithForm("[]".getBytes(StandardCharsets.US_ASCII), HashAlgorithm.MD5, "x").canonical());
        for (String other : new String[] {
            "[{\"md5\": \"" + MD5 + "\", \"relpath\": \"b\"}, {\"md5\": \"" + MD5 + "\", \"relpath\": \"a\"}]", // unsorted
            "[{\"relpath\": \"a\", \"md5\": \"" + MD5 + "\"}]", // other key order
            "[{\"md5\":\"" + MD5 + "\",\"relpath\":\"a\"}]"}) { // other spacing
            TreeCodec.Decoded d = TreeCodec.decodeWithForm(other.getBytes(StandardCharsets.US_ASCII), HashAlgorithm.MD5, "x");
            assertFalse(d.canonical(), other);
            assertEquals(d.tree().entries(), decode(new String(TreeCodec.encode(d.tree()), StandardCharsets.US_ASCII)).entries());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "/etc/passwd", "a/../../b", "a//b", "./a", "", "a/\\u0000b", "a\\nb", "C:/x"})
    void hostileRelpathsAreRefused(String relpath) {
        CairnException e = assertThrows(CairnException.class,
                () -> decode("[{\"md5\": \"" + MD5 + "\", \"relpath\": \"" + relpath + "\"}]"));
        assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("tree x: entry 0"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[1]", "[{\"relpath\": \"a\"}]", "[{\"md5\": \"zz\", \"relpath\": \"a\"}]",
        "[{\"md5\": \"" + MD5 + "\", \"relpath\": \"a\"}, {\"md5\": \"" + MD5 + "\", \"relpath\": \"a\"}]",
        "[{\"md5\": \"" + MD5 + "\", \"relpath\": \"a\"}, {\"md5\": \"" + MD5 + "\", \"relpath\": \"a/b\"}]",
        "[", "[{\"md5\": \"" + MD5 + "\", \"relpath\": \"a\"}] x"})
    void malformedTreesAreRefused(String json) {
        CairnException e = assertThrows(CairnException.class, () -> decode(json));
        assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
    }

    @Test
    void theCanonicalFormAndTheGeneralParserAgree() {
        // encode's bytes take the fast path; the same entries with other spacing take the general parser
        Tree t = Tree.of(List.of(new TreeEntry("b/c.txt", ObjectId.parse(HashAlgorithm.MD5, MD5)),
                new TreeEntry("a", ObjectId.parse(HashAlgorithm.MD5, "acbd18db4cc2f85cedef654fccc4a4d8")),
                new TreeEntry("sp ace/q'uote", ObjectId.parse(HashAlgorithm.MD5, MD5))));
        String canonical = new String(TreeCodec.encode(t), StandardCharsets.US_ASCII);
        assertEquals(t.entries(), decode(canonical).entries());
        assertEquals(t.entries(), decode(canonical.replace(", {", ",{").replace("\": \"", "\":\"")).entries());
        assertEquals(List.of(), decode("[]").entries());
        assertEquals(List.of(), decode("[ ]").entries());
        CairnException e = assertThrows(CairnException.class,
                () -> decode("[{\"md5\": \"" + MD5 + "\", \"relpath\": \"a\"}, {\"md5\": \"" + MD5 + "\", \"relpath\": \"../b\"}]"));
        assertTrue(e.getMessage().startsWith("tree x: entry 1: "), e.getMessage());
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutStackOverflow() {
        String json = "[".repeat(100_000);
        assertThrows(CairnException.class, () -> decode(json));
    }
}
