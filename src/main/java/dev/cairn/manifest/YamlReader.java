package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses untrusted YAML into {@link YNode}s. Only SnakeYAML's composer runs (through a loader set
 * up with the safe constructor), so no tag can construct an object; non-standard tags, duplicate
 * keys, non-string keys, deep nesting and alias bombs are refused with file, line and column.
 */
public final class YamlReader {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_NODES = 2_000_000;
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    private static final int MAX_COLLECTION_ALIASES = 50;

    private final String file;
    private int nodes;

    private YamlReader(String file) {
        this.file = file;
    }

    /** Parses one document; an empty document gives null. */
    public static YNode parse(String text, String file) {
        return parse(text, file, new Resolver());
    }

    /**
     * Parses one document with the YAML 1.2 core schema, as DVC reads params and metrics files:
     * {@code 1e-3} is a number and {@code on}, {@code yes} are strings. An empty document gives null.
     */
    public static YNode parseCore(String text, String file) {
        return parse(text, file, new Yaml12Resolver());
    }

    private static YNode parse(String text, String file, Resolver resolver) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumperOptions = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options, resolver);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw CairnException.badInput(where + ": invalid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            // the composer's limits (nesting, aliases) come without a position: find it in the events
            Mark m = locateLimit(yaml, text);
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw CairnException.badInput(where + ": invalid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            return null;
        }
        return new YamlReader(file).convert(root, 0, new IdentityHashMap<>());
    }

    /**
     * The position where a document first goes deeper than {@link #MAX_DEPTH} or uses one alias of a
     * collection too many, read from the parser's events (which keep positions); null if neither.
     */
    private static Mark locateLimit(Yaml yaml, String text) {
        int depth = 0;
        int aliases = 0;
        java.util.Set<String> collectionAnchors = new java.util.HashSet<>();
        try {
            for (org.yaml.snakeyaml.events.Event event : yaml.parse(new StringReader(text))) {
                if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent start) {
                    if (++depth > MAX_DEPTH) {
                        return event.getStartMark();
                    }
                    if (start.getAnchor() != null) {
                        collectionAnchors.add(start.getAnchor());
                    }
                } else if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                } else if (event instanceof org.yaml.snakeyaml.events.AliasEvent alias
                        && collectionAnchors.contains(alias.getAnchor()) && ++aliases > MAX_COLLECTION_ALIASES) {
                    return event.getStartMark();
                }
            }
        } catch (YAMLException e) {
            return null;
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private YNode.Mark mark(Node node) {
        Mark m = node.getStartMark();
        return m == null ? new YNode.Mark(file, 0, 0) : new YNode.Mark(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private YNode convert(Node node, int depth, Map<Node, Boolean> path) {
        if (++nodes > MAX_NODES) {
            throw CairnException.badInput(mark(node) + ": document too large (more than " + MAX_NODES + " nodes)");
        }
        if (depth > MAX_DEPTH) {
            throw CairnException.badInput(mark(node) + ": nested more than " + MAX_DEPTH + " levels deep");
        }
        if (path.put(node, Boolean.TRUE) != null) {
            throw CairnException.badInput(mark(node) + ": recursive alias");
        }
        try {
            return switch (node) {
                case ScalarNode s -> scalar(s);
                case SequenceNode s -> {
                    checkTag(node, Tag.SEQ);
                    List<YNode> items = new ArrayList<>(s.getValue().size());
                    for (Node child : s.getValue()) {
                        items.add(convert(child, depth + 1, path));
                    }
                    yield new YNode.Sequence(items, mark(node));
                }
                case MappingNode m -> {
                    checkTag(node, Tag.MAP);
                    LinkedHashMap<String, YNode> entries = new LinkedHashMap<>();
                    for (NodeTuple t : m.getValue()) {
                        if (!(t.getKeyNode() instanceof ScalarNode k) || !(scalar(k).type() == YNode.Scalar.Type.STRING
                                || scalar(k).type() == YNode.Scalar.Type.INT || scalar(k).type() == YNode.Scalar.Type.FLOAT)) {
                            throw CairnException.badInput(mark(t.getKeyNode()) + ": mapping keys must be plain strings");
                        }
                        String key = k.getValue();
                        if (entries.containsKey(key)) {
                            throw CairnException.badInput(mark(k) + ": duplicate key '" + key + "'");
                        }
                        entries.put(key, convert(t.getValueNode(), depth + 1, path));
                    }
                    yield new YNode.Mapping(entries, mark(node));
                }
                default -> throw CairnException.badInput(mark(node) + ": unsupported YAML node");
            };
        } finally {
            path.remove(node);
        }
    }

    private void checkTag(Node node, Tag expected) {
        if (!node.getTag().equals(expected)) {
            throw CairnException.badInput(mark(node) + ": YAML tag '" + node.getTag().getValue() + "' is not allowed");
        }
    }

    private YNode.Scalar scalar(ScalarNode s) {
        Tag tag = s.getTag();
        YNode.Scalar.Type type;
        if (tag.equals(Tag.STR)) {
            type = YNode.Scalar.Type.STRING;
        } else if (tag.equals(Tag.INT)) {
            type = YNode.Scalar.Type.INT;
        } else if (tag.equals(Tag.FLOAT)) {
            type = YNode.Scalar.Type.FLOAT;
        } else if (tag.equals(Tag.BOOL)) {
            type = YNode.Scalar.Type.BOOL;
        } else if (tag.equals(Tag.NULL)) {
            type = YNode.Scalar.Type.NULL;
        } else if (tag.equals(Tag.TIMESTAMP)) {
            type = YNode.Scalar.Type.STRING; // dates stay text
        } else {
            throw CairnException.badInput(mark(s) + ": YAML tag '" + tag.getValue() + "' is not allowed");
        }
        return new YNode.Scalar(s.getValue(), type, mark(s));
    }
}
