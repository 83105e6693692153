package dev.cairn.hash;

import dev.cairn.util.CairnException;
import dev.cairn.util.SafePaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bytes of a {@code .dir} object, exactly as Python's {@code json.dumps(list, sort_keys=True)}
 * writes them (DVC 3 compatible), and their validating parser.
 */
public final class TreeCodec {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TreeCodec() {
    }

    public static byte[] encode(Tree tree) {
        StringBuilder sb = new StringBuilder(tree.size() * 80 + 2);
        sb.append('[');
        boolean first = true;
        for (TreeEntry e : tree.entries()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            // a file id is lowercase hex: nothing to escape
            sb.append("{\"md5\": \"").append(e.id().value()).append("\", \"relpath\": ");
            appendJsonString(sb, e.relpath());
            sb.append('}');
        }
        sb.append(']');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends {@code s} as Python's json module does with ensure_ascii. */
    public static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        if (isPlainAscii(s)) {
            sb.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        // UTF-16 code units, so astral characters come out as surrogate pairs like Python's
                        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Whether {@code s} is printable ASCII without quote or backslash, so JSON needs no escapes. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses tree bytes. Unknown keys are tolerated; a relpath that is absolute, empty, holds
     * {@code .} or {@code ..} parts or control characters, or a duplicate, is refused.
     */
    public static Tree decode(byte[] bytes, HashAlgorithm algorithm, String origin) {
        return decodeWithForm(bytes, algorithm, origin).tree();
    }

    /**
     * A parsed tree, and whether its bytes were in the form {@link #encode} writes, so that they
     * hash to the same id as any tree with these entries (false when merely unknown, e.g. escapes).
     */
    public record Decoded(Tree tree, boolean canonical) {
    }

    /** As {@link #decode}, telling whether the bytes were in canonical form. */
    public static Decoded decodeWithForm(byte[] bytes, HashAlgorithm algorithm, String origin) {
        List<TreeEntry> entries = canonicalEntries(bytes, algorithm);
        boolean canonical = entries != null;
        if (entries == null) {
            entries = parsedEntries(bytes, algorithm, origin);
        }
        Set<String> seen = new HashSet<>(entries.size() * 2);
        int index = 0;
        for (TreeEntry e : entries) {
            String problem = relpathProblem(e.relpath());
            if (problem == null && !seen.add(e.relpath())) {
                problem = "duplicate relpath '" + e.relpath() + "'";
            }
            if (problem != null) {
                throw CairnException.badInput(origin + ": entry " + index + ": " + problem);
            }
            if (canonical && index > 0
                    && Tree.CODE_POINT_ORDER.compare(entries.get(index - 1).relpath(), e.relpath()) >= 0) {
                canonical = false; // not in the order encode writes
            }
            index++;
        }
        for (TreeEntry e : entries) {
            // a file may not also be a directory of another entry (the list, not the set: iterating
            // a large HashSet visits every empty bucket)
            String relpath = e.relpath();
            for (int slash = relpath.indexOf('/'); slash > 0; slash = relpath.indexOf('/', slash + 1)) {
                if (seen.contains(relpath.substring(0, slash))) {
                    throw CairnException.badInput(origin + ": '" + relpath.substring(0, slash)
                            + "' is both a file and a directory");
                }
            }
        }
        return new Decoded(Tree.of(entries), canonical);
    }

    /**
     * The entries of bytes in exactly the form {@link #encode} and DVC write, with ASCII paths and
     * no escapes (nearly every tree), read without building a JSON document: several times faster
     * for trees of 100,000 files. Null for any other form, which the general parser then reads.
     */
    private static List<TreeEntry> canonicalEntries(byte[] b, HashAlgorithm algorithm) {
        byte[] idKey = ("{\"" + algorithm.id() + "\": \"").getBytes(StandardCharsets.US_ASCII);
        byte[] pathKey = "\", \"relpath\": \"".getBytes(StandardCharsets.US_ASCII);
        int last = b.length - 1;
        if (last < 1 || b[0] != '[' || b[last] != ']') {
            return null;
        }
        List<TreeEntry> entries = new ArrayList<>();
        int pos = 1;
        while (pos < last) {
            if (!entries.isEmpty()) {
                if (b[pos] != ',' || b[pos + 1] != ' ') {
                    return null;
                }
                pos += 2;
            }
            if (!startsWith(b, pos, idKey)) {
                return null;
            }
            int start = pos + idKey.length;
            pos = plainString(b, start, last);
            ObjectId id = pos < 0 ? null : ObjectId.parse(algorithm, new String(b, start, pos - start, StandardCharsets.US_ASCII));
            if (id == null || id.isDir() || !startsWith(b, pos, pathKey)) {
                return null;
            }
            start = pos + pathKey.length;
            pos = plainString(b, start, last);
            if (pos < 0 || b[pos + 1] != '}') {
                return null;
            }
            entries.add(new TreeEntry(new String(b, start, pos - start, StandardCharsets.US_ASCII), id));
            pos += 2;
        }
        return entries;
    }

    /** The index of the quote that ends a string of printable ASCII without escapes at {@code from}; -1 if there is none. */
    private static int plainString(byte[] b, int from, int limit) {
        for (int i = from; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == 0x7f || c == '\\') { // bytes above 0x7f are negative
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int pos, byte[] prefix) {
        if (pos + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The entries read by the general JSON parser: any key order, escapes, extra keys. */
    private static List<TreeEntry> parsedEntries(byte[] bytes, HashAlgorithm algorithm, String origin) {
        Object parsed;
        try {
            parsed = new MiniJson(new String(bytes, StandardCharsets.UTF_8)).parseDocument();
        } catch (IllegalArgumentException e) {
            throw CairnException.badInput(origin + ": not a valid tree object: " + e.getMessage());
        }
        if (!(parsed instanceof List<?> list)) {
            throw CairnException.badInput(origin + ": not a valid tree object: expected a JSON list");
        }
        List<TreeEntry> entries = new ArrayList<>(list.size());
        int index = 0;
        for (Object item : list) {
            String where = origin + ": entry " + index++;
            if (!(item instanceof Map<?, ?> map)) {
                throw CairnException.badInput(where + ": expected an object");
            }
            Object rel = map.get("relpath");
            Object md5 = map.get(algorithm.id());
            if (!(rel instanceof String relpath)) {
                throw CairnException.badInput(where + ": missing or non-string 'relpath'");
            }
            ObjectId id = md5 instanceof String s ? ObjectId.parse(algorithm, s) : null;
            if (id == null || id.isDir()) {
                throw CairnException.badInput(where + ": missing or invalid '" + algorithm.id() + "'");
            }
            entries.add(new TreeEntry(relpath, id));
        }
        return entries;
    }

    static String relpathProblem(String relpath) {
        String problem = SafePaths.problemWith(relpath);
        if (problem != null) {
            return problem;
        }
        // each part between slashes: not empty, not "." nor ".." (a scan: split costs arrays per entry)
        for (int start = 0; ; ) {
            int slash = relpath.indexOf('/', start);
            int end = slash < 0 ? relpath.length() : slash;
            int length = end - start;
            boolean dots = length <= 2 && relpath.charAt(start) == '.' && (length == 1 || relpath.charAt(start + 1) == '.');
            if (length == 0 || dots) {
                return "relpath '" + relpath + "' is not a plain relative path";
            }
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
        }
    }
}
