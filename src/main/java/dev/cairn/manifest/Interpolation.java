package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ${…}} interpolation over YAML values, as in dvc.yaml: a string that is exactly one
 * {@code ${name}} takes the value's own type; inside a longer string the value is written as text.
 * Names are dotted paths with optional list indexes ({@code model.layers[0].size}); {@code \${}
 * stays literal.
 */
public final class Interpolation {

    private final YNode.Mapping context;
    private final String where;

    /** @param where added to errors, e.g. "stage 'train'" */
    public Interpolation(YNode.Mapping context, String where) {
        this.context = context;
        this.where = where;
    }

    /** A copy of {@code node} with every string interpolated; marks are kept. */
    public YNode resolve(YNode node) {
        return switch (node) {
            case YNode.Scalar s when s.type() == YNode.Scalar.Type.STRING && s.text().contains("${") -> resolveString(s);
            case YNode.Scalar s -> s;
            case YNode.Sequence seq -> {
                List<YNode> items = new ArrayList<>(seq.items().size());
                for (YNode item : seq.items()) {
                    items.add(resolve(item));
                }
                yield new YNode.Sequence(items, seq.mark());
            }
            case YNode.Mapping m -> {
                LinkedHashMap<String, YNode> entries = new LinkedHashMap<>();
                for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
                    entries.put(e.getKey(), resolve(e.getValue()));
                }
                yield new YNode.Mapping(entries, m.mark());
            }
        };
    }

    private YNode resolveString(YNode.Scalar s) {
        String text = s.text();
        List<Object> parts = new ArrayList<>(); // String literals and YNode values
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("\\${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw error(s, "unterminated '${' in '" + text + "'");
                }
                String name = text.substring(i + 2, end).strip();
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(lookup(s, name));
                i = end + 1;
            } else {
                literal.append(text.charAt(i++));
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        if (parts.size() == 1 && parts.get(0) instanceof YNode value) {
            return withMark(value, s.mark());
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof YNode value ? asText(s, value) : (String) part);
        }
        return new YNode.Scalar(out.toString(), YNode.Scalar.Type.STRING, s.mark());
    }

    private YNode lookup(YNode.Scalar at, String name) {
        if (name.isEmpty()) {
            throw error(at, "empty '${}'");
        }
        YNode current = context;
        StringBuilder seen = new StringBuilder();
        for (String segment : splitPath(at, name)) {
            if (segment.startsWith("[")) {
                int index = Integer.parseInt(segment.substring(1, segment.length() - 1));
                if (!(current instanceof YNode.Sequence seq) || index >= seq.items().size()) {
                    throw error(at, "'" + seen + segment + "' is not defined");
                }
                current = seq.items().get(index);
            } else {
                YNode next = current instanceof YNode.Mapping m ? m.get(segment) : null;
                if (next == null) {
                    String full = seen.length() == 0 ? segment : seen + "." + segment;
                    throw error(at, "'${" + name + "}': '" + full + "' is not defined");
                }
                current = next;
                if (seen.length() > 0) {
                    seen.append('.');
                }
            }
            seen.append(segment);
        }
        return current;
    }

    private List<String> splitPath(YNode.Scalar at, String name) {
        List<String> segments = new ArrayList<>();
        for (String dotted : name.split("\\.", -1)) {
            int bracket = dotted.indexOf('[');
            String head = bracket < 0 ? dotted : dotted.substring(0, bracket);
            if (head.isEmpty() && bracket != 0) {
                throw error(at, "'${" + name + "}' is not a valid name");
            }
            if (!head.isEmpty()) {
                segments.add(head);
            }
            String rest = bracket < 0 ? "" : dotted.substring(bracket);
            while (!rest.isEmpty()) {
                int close = rest.indexOf(']');
                if (!rest.startsWith("[") || close < 2 || !rest.substring(1, close).chars().allMatch(Character::isDigit)) {
                    throw error(at, "'${" + name + "}' is not a valid name");
                }
                segments.add(rest.substring(0, close + 1));
                rest = rest.substring(close + 1);
            }
        }
        return segments;
    }

    private String asText(YNode.Scalar at, YNode value) {
        return switch (value) {
            case YNode.Scalar v when v.type() == YNode.Scalar.Type.BOOL -> v.text().toLowerCase(java.util.Locale.ROOT);
            case YNode.Scalar v when v.type() == YNode.Scalar.Type.NULL -> "None";
            case YNode.Scalar v -> v.text();
            case YNode.Sequence seq -> {
                // a list inside a command becomes its items separated by spaces
                List<String> items = new ArrayList<>();
                for (YNode item : seq.items()) {
                    if (!(item instanceof YNode.Scalar)) {
                        throw error(at, "cannot put a nested list or mapping inside the string '" + at.text() + "'");
                    }
                    items.add(asText(at, item));
                }
                yield String.join(" ", items);
            }
            case YNode.Mapping m -> throw error(at, "cannot put a mapping inside the string '" + at.text() + "'");
        };
    }

    private static YNode withMark(YNode value, YNode.Mark mark) {
        return switch (value) {
            case YNode.Scalar s -> new YNode.Scalar(s.text(), s.type(), mark);
            case YNode.Sequence s -> new YNode.Sequence(s.items(), mark);
            case YNode.Mapping m -> new YNode.Mapping(m.entries(), mark);
        };
    }

    private CairnException error(YNode at, String message) {
        return CairnException.badInput(at.mark() + ": " + (where == null ? "" : where + ": ") + message);
    }
}
