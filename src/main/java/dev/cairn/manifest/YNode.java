package dev.cairn.manifest;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A YAML value with the place it was read from, so that every error can name file, line and
 * column. Built from SnakeYAML's composed nodes; nothing is ever constructed from a tag.
 */
public sealed interface YNode {

    /** Where a node starts: 1-based line and column in {@code file}. */
    record Mark(String file, int line, int column) {
        @Override
        public String toString() {
            // some readers (TOML) know no positions of values: then the file alone
            return line <= 0 ? file : file + ":" + line + ":" + column;
        }
    }

    Mark mark();

    /** A scalar: its text and the YAML core type it resolved to. */
    record Scalar(String text, Type type, Mark mark) implements YNode {
        public enum Type { STRING, INT, FLOAT, BOOL, NULL }

        public static Scalar ofString(String text) {
            return new Scalar(text, Type.STRING, null);
        }

        public static Scalar ofInt(long value) {
            return new Scalar(Long.toString(value), Type.INT, null);
        }

        public static Scalar ofBool(boolean value) {
            return new Scalar(Boolean.toString(value), Type.BOOL, null);
        }
    }

    record Sequence(List<YNode> items, Mark mark) implements YNode {
    }

    /** A mapping with string keys, in document order. */
    record Mapping(LinkedHashMap<String, YNode> entries, Mark mark) implements YNode {
        public YNode get(String key) {
            return entries.get(key);
        }
    }

    default String describe() {
        return switch (this) {
            case Scalar s -> s.type().name().toLowerCase(java.util.Locale.ROOT);
            case Sequence s -> "list";
            case Mapping m -> "mapping";
        };
    }
}
