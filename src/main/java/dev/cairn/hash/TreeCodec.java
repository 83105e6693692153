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
            sb.append("{\"md5\": ");
            appendJsonString(sb, e.id().value());
            sb.append(", \"relpath\": ");
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
        Set<String> seen = new HashSet<>(list.size() * 2);
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
            String problem = relpathProblem(relpath);
            if (problem != null) {
                throw CairnException.badInput(where + ": " + problem);
            }
            if (!seen.add(relpath)) {
                throw CairnException.badInput(where + ": duplicate relpath '" + relpath + "'");
            }
            entries.add(new TreeEntry(relpath, id));
        }
        for (String relpath : seen) {
            // a file may not also be a directory of another entry
            for (int slash = relpath.indexOf('/'); slash > 0; slash = relpath.indexOf('/', slash + 1)) {
                if (seen.contains(relpath.substring(0, slash))) {
                    throw CairnException.badInput(origin + ": '" + relpath.substring(0, slash)
                            + "' is both a file and a directory");
                }
            }
        }
        return Tree.of(entries);
    }

    static String relpathProblem(String relpath) {
        String problem = SafePaths.problemWith(relpath);
        if (problem != null) {
            return problem;
        }
        for (String part : relpath.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return "relpath '" + relpath + "' is not a plain relative path";
            }
        }
        return null;
    }
}
