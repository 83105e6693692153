package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Params and metrics files as DVC reads them: YAML (1.2 core schema), JSON, TOML or Python,
 * chosen by the file's extension, each read into a {@link YNode.Mapping}. Keys are addressed
 * with dots ({@code train.lr}), as in {@code pipeline.yaml}.
 */
public final class ParamsFile {

    private ParamsFile() {
    }

    /** Reads a workspace file; {@code shownName} is how errors name it. */
    public static YNode.Mapping read(Path file, String shownName) {
        return parse(ManifestCodec.readText(file, shownName), shownName, file.getFileName().toString());
    }

    /**
     * Parses {@code text} in the format that {@code fileName}'s extension names. An empty file is an
     * empty mapping; a file that holds something else than a mapping is refused.
     */
    public static YNode.Mapping parse(String text, String shownName, String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        YNode root = switch (extension) {
            case "yaml", "yml" -> YamlReader.parseCore(text, shownName);
            case "json" -> JacksonReader.json(text, shownName);
            case "toml" -> JacksonReader.toml(text, shownName);
            case "py" -> PythonParams.parse(text, shownName);
            default -> throw CairnException.badInput(shownName + ": unsupported file format '" + extension
                    + "' (use .yaml, .yml, .json, .toml or .py)");
        };
        if (root == null) {
            return new YNode.Mapping(new LinkedHashMap<>(), new YNode.Mark(shownName, 1, 1));
        }
        if (!(root instanceof YNode.Mapping mapping)) {
            throw CairnException.badInput(root.mark() + ": expected a mapping of names to values, found a " + root.describe());
        }
        return mapping;
    }

    /**
     * The value at a dotted key, walking nested mappings ({@code train.lr}); null when absent. A key
     * that itself holds dots ({@code "a.b": 1}) is found too: at each level the longest key that
     * matches wins.
     */
    public static YNode lookup(YNode.Mapping root, String dottedKey) {
        YNode exact = root.get(dottedKey);
        if (exact != null) {
            return exact;
        }
        for (int dot = dottedKey.lastIndexOf('.'); dot > 0; dot = dottedKey.lastIndexOf('.', dot - 1)) {
            if (root.get(dottedKey.substring(0, dot)) instanceof YNode.Mapping child) {
                YNode found = lookup(child, dottedKey.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Every leaf under {@code root} by its dotted key, in document order: scalars and lists (a list
     * is one value, as in DVC). Empty mappings have no leaves.
     */
    public static Map<String, YNode> flatten(YNode.Mapping root) {
        Map<String, YNode> leaves = new LinkedHashMap<>();
        flatten("", root, leaves);
        return leaves;
    }

    /** {@link #flatten(YNode.Mapping)} of a value found at {@code key}: a leaf stays itself. */
    public static Map<String, YNode> flatten(String key, YNode value) {
        Map<String, YNode> leaves = new LinkedHashMap<>();
        if (value instanceof YNode.Mapping m) {
            flatten(key + ".", m, leaves);
        } else {
            leaves.put(key, value);
        }
        return leaves;
    }

    private static void flatten(String prefix, YNode.Mapping mapping, Map<String, YNode> into) {
        for (Map.Entry<String, YNode> e : mapping.entries().entrySet()) {
            if (e.getValue() instanceof YNode.Mapping child) {
                flatten(prefix + e.getKey() + ".", child, into);
            } else {
                into.put(prefix + e.getKey(), e.getValue());
            }
        }
    }
}
