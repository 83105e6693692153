package dev.cairn.manifest;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes {@link YNode}s in the block style DVC's files use: two-space indents, list items at the
 * indent of their key, strings plain where YAML allows and single-quoted otherwise.
 */
public final class YamlWriter {

    private static final Pattern LOOKS_TYPED = Pattern.compile(
            "(?i)~|null|true|false|yes|no|on|off|y|n|[-+]?(\\.inf|\\.nan)|[-+]?[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
                    + "|[-+]?\\.[0-9_]+([eE][-+]?[0-9]+)?|0x[0-9a-f_]+|0o[0-7_]+|[0-9]{4}-[0-9]{2}-[0-9]{2}.*|=|<<");

    private YamlWriter() {
    }

    public static String write(YNode.Mapping root) {
        StringBuilder sb = new StringBuilder();
        writeMapping(sb, root, 0, false);
        return sb.toString();
    }

    private static void writeMapping(StringBuilder sb, YNode.Mapping map, int indent, boolean firstInline) {
        boolean first = true;
        for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
            if (!(first && firstInline)) {
                sb.append(" ".repeat(indent));
            }
            first = false;
            sb.append(scalarText(e.getKey(), YNode.Scalar.Type.STRING)).append(':');
            writeValue(sb, e.getValue(), indent);
        }
    }

    /** Writes a value after {@code key:}; nested blocks go on the next lines. */
    private static void writeValue(StringBuilder sb, YNode value, int indent) {
        switch (value) {
            case YNode.Scalar s -> sb.append(' ').append(scalarText(s.text(), s.type())).append('\n');
            case YNode.Sequence seq -> {
                if (seq.items().isEmpty()) {
                    sb.append(" []\n");
                } else {
                    sb.append('\n');
                    writeSequence(sb, seq, indent);
                }
            }
            case YNode.Mapping m -> {
                if (m.entries().isEmpty()) {
                    sb.append(" {}\n");
                } else {
                    sb.append('\n');
                    writeMapping(sb, m, indent + 2, false);
                }
            }
        }
    }

    private static void writeSequence(StringBuilder sb, YNode.Sequence seq, int indent) {
        for (YNode item : seq.items()) {
            sb.append(" ".repeat(indent)).append("- ");
            switch (item) {
                case YNode.Scalar s -> sb.append(scalarText(s.text(), s.type())).append('\n');
                case YNode.Mapping m when !m.entries().isEmpty() -> writeMapping(sb, m, indent + 2, true);
                case YNode.Mapping m -> sb.append("{}\n");
                case YNode.Sequence s when s.items().isEmpty() -> sb.append("[]\n");
                case YNode.Sequence s -> {
                    sb.append('\n');
                    writeSequence(sb, s, indent + 2);
                }
            }
        }
    }

    static String scalarText(String text, YNode.Scalar.Type type) {
        if (type != YNode.Scalar.Type.STRING) {
            return text;
        }
        if (isPlainSafe(text)) {
            return text;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return doubleQuoted(text);
            }
        }
        return "'" + text.replace("'", "''") + "'";
    }

    private static boolean isPlainSafe(String s) {
        if (s.isEmpty() || LOOKS_TYPED.matcher(s).matches()) {
            return false;
        }
        char first = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@` ".indexOf(first) >= 0 || Character.isWhitespace(s.charAt(s.length() - 1))) {
            // "-x" and "?x", ":x" are allowed plain by YAML, but quoting them is what emitters do too
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfeff) {
                return false;
            }
            if ((c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) || (c == '#' && s.charAt(i - 1) == ' ')) {
                return false;
            }
        }
        return true;
    }

    private static String doubleQuoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                        sb.append(String.format("\\x%02X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
