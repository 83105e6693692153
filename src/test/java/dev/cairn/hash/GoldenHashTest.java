package dev.cairn.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden values shared with DVC 3: any change here breaks compatibility with existing caches. */
class GoldenHashTest {

    private final FileHasher hasher = new FileHasher(HashAlgorithm.MD5);

    private ObjectId md5(String s) {
        return hasher.hash(s.getBytes(StandardCharsets.UTF_8), false);
    }

    private ObjectId treeId(Tree tree) {
        return hasher.hash(TreeCodec.encode(tree), true);
    }

    @Test
    void fileFoo() {
        assertEquals("acbd18db4cc2f85cedef654fccc4a4d8", md5("foo").value());
    }

    @Test
    void directoryWithFooAndBar() {
        Tree tree = Tree.of(List.of(new TreeEntry("foo", md5("foo")), new TreeEntry("bar", md5("bar"))));
        assertEquals("[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]",
                new String(TreeCodec.encode(tree), StandardCharsets.US_ASCII));
        assertEquals("5ea40360f5b4ec688df672a4db9c17d1.dir", treeId(tree).value());
    }

    @Test
    void emptyDirectory() {
        assertEquals("d751713988987e9331980363e24189ce.dir", treeId(Tree.of(List.of())).value());
    }

    @Test
    void nonAsciiNamesAreEscapedLikePythonJson() {
        // json.dumps([{"md5": ..., "relpath": "données/é.txt"}], sort_keys=True)
        Tree tree = Tree.of(List.of(new TreeEntry("donn\u00e9es/\u00e9.txt", md5("foo"))));
        assertEquals("[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"donn\\u00e9es/\\u00e9.txt\"}]",
                new String(TreeCodec.encode(tree), StandardCharsets.US_ASCII));
    }

    @Test
    void astralNamesBecomeSurrogatePairsAndSortByCodePoint() {
        // U+1F600 sorts after U+FFFD in Python (code points), before it in Java's UTF-16 order.
        String emoji = "\uD83D\uDE00.bin";
        String replacement = "\uFFFD.bin";
        Tree tree = Tree.of(List.of(new TreeEntry(emoji, md5("a")), new TreeEntry(replacement, md5("b"))));
        assertEquals(replacement, tree.entries().get(0).relpath());
        String json = new String(TreeCodec.encode(tree), StandardCharsets.US_ASCII);
        assertTrue(json.indexOf("\\ufffd.bin") < json.indexOf("\\ud83d\\ude00.bin"), json);
        assertEquals("[{\"md5\": \"92eb5ffee6ae2fec3ad71c777531578f\", \"relpath\": \"\\ufffd.bin\"}, "
                + "{\"md5\": \"0cc175b9c0f1b6a831c399e269772661\", \"relpath\": \"\\ud83d\\ude00.bin\"}]", json);
    }

    @Test
    void controlAndQuoteCharactersAreEscaped() {
        Tree tree = Tree.of(List.of(new TreeEntry("a\"b\\c", md5("foo"))));
        assertEquals("[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"a\\\"b\\\\c\"}]",
                new String(TreeCodec.encode(tree), StandardCharsets.US_ASCII));
    }
}
