package dev.cairn.repo;

import dev.cairn.util.CairnException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config file in the INI dialect DVC writes (ConfigObj): {@code [core]} and
 * {@code ['remote "name"']} sections of {@code key = value} lines. Order is kept; comments are
 * not kept when the file is rewritten.
 */
public final class IniFile {

    /** One value and where it was read, for error messages. */
    public record Value(String value, String origin) {
    }

    private final Map<String, Map<String, Value>> sections = new LinkedHashMap<>();

    public static IniFile parse(String text, String fileName) {
        IniFile ini = new IniFile();
        Map<String, Value> current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String origin = fileName + ":" + (i + 1);
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw CairnException.badInput(origin + ":1: malformed section header: " + line);
                }
                String name = unquote(line.substring(1, line.length() - 1).strip());
                if (name.isEmpty() || ini.sections.containsKey(name)) {
                    throw CairnException.badInput(origin + ":1: "
                            + (name.isEmpty() ? "empty section name" : "duplicate section [" + name + "]"));
                }
                current = new LinkedHashMap<>();
                ini.sections.put(name, current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw CairnException.badInput(origin + ":1: expected 'key = value' or '[section]', got: " + line);
            }
            if (current == null) {
                throw CairnException.badInput(origin + ":1: key outside of any [section]");
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            if (current.put(key, new Value(value, origin)) != null) {
                throw CairnException.badInput(origin + ":1: duplicate key '" + key + "'");
            }
        }
        return ini;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    public Value get(String section, String key) {
        Map<String, Value> s = sections.get(section);
        return s == null ? null : s.get(key);
    }

    public Map<String, Map<String, Value>> sections() {
        return sections;
    }

    public void set(String section, String key, String value) {
        sections.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(key, new Value(value, null));
    }

    /** Removes a key; returns whether it was there. Empty sections go too. */
    public boolean unset(String section, String key) {
        Map<String, Value> s = sections.get(section);
        if (s == null || s.remove(key) == null) {
            return false;
        }
        if (s.isEmpty()) {
            sections.remove(section);
        }
        return true;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Map<String, Value>> s : sections.entrySet()) {
            String name = s.getKey();
            sb.append(name.contains(" ") || name.contains("\"") ? "['" + name + "']" : "[" + name + "]").append('\n');
            for (Map.Entry<String, Value> kv : s.getValue().entrySet()) {
                sb.append("    ").append(kv.getKey()).append(" = ").append(kv.getValue().value()).append('\n');
            }
        }
        return sb.toString();
    }

    /** All {@code section.key = value} lines, subsections written as {@code remote.name.key}. */
    public List<String> list() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Value>> s : sections.entrySet()) {
            String prefix = dottedSection(s.getKey());
            for (Map.Entry<String, Value> kv : s.getValue().entrySet()) {
                out.add(prefix + "." + kv.getKey() + "=" + kv.getValue().value());
            }
        }
        return out;
    }

    /** {@code remote "x"} → {@code remote.x}. */
    static String dottedSection(String section) {
        int q = section.indexOf(" \"");
        if (q > 0 && section.endsWith("\"")) {
            return section.substring(0, q) + "." + section.substring(q + 2, section.length() - 1);
        }
        return section;
    }
}
