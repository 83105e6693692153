package dev.cairn.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a pipeline DAG for {@code cairn dag}: boxes and lines for a terminal (the default), Graphviz
 * DOT ({@code --dot}), a Mermaid flowchart ({@code --mermaid}) and the same in a Markdown block
 * ({@code --md}), as {@code dvc dag} does. Every method is a pure function of the graph and returns
 * the text to print; it ends with a newline unless it is empty.
 */
final class DagRenderer {

    private DagRenderer() {
    }

    /**
     * A pipeline graph. {@code nodes} are the stage names in topological order (upstream first);
     * every edge goes from a stage to a stage that depends on it, so {@code from} comes before
     * {@code to} in {@code nodes}. A repeated edge counts once.
     *
     * @throws IllegalArgumentException for a repeated node, an edge naming an unknown node, an edge
     *     from a node to itself, or an edge against the order of the nodes (a cycle, or nodes out of
     *     topological order)
     */
    record Graph(List<String> nodes, List<Edge> edges) {
        Graph {
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
            Map<String, Integer> index = indexOf(nodes);
            for (Edge e : edges) {
                int from = indexOf(index, e.from(), e);
                int to = indexOf(index, e.to(), e);
                if (from == to) {
                    throw new IllegalArgumentException("edge from a stage to itself: " + e);
                }
                if (from > to) {
                    throw new IllegalArgumentException("edge " + e + " goes against the order of the nodes;"
                            + " nodes must be in topological order (upstream first)");
                }
            }
        }

        private static Map<String, Integer> indexOf(List<String> nodes) {
            Map<String, Integer> index = new HashMap<>(nodes.size() * 2);
            for (String n : nodes) {
                if (index.putIfAbsent(n, index.size()) != null) {
                    throw new IllegalArgumentException("node listed twice: " + n);
                }
            }
            return index;
        }

        private static int indexOf(Map<String, Integer> index, String node, Edge e) {
            Integer i = index.get(node);
            if (i == null) {
                throw new IllegalArgumentException("edge " + e + " names an unknown node: " + node);
            }
            return i;
        }
    }

    /** An edge from an upstream stage to a stage that depends on it. */
    record Edge(String from, String to) {
        Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    /**
     * Boxes in layers joined by lines, like {@code dvc dag}: a stage's layer is one more than the
     * deepest of its upstream stages, and every line runs from the bottom of a box down to the top of
     * a box that depends on it. Each connected pipeline is drawn on its own, in the order of its
     * first stage, with a blank line between two.
     */
    static String ascii(Graph g) {
        Indexed ix = Indexed.of(g);
        int n = ix.names.length;
        // connected components, numbered in the order of their first node
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);
        for (int[] e : ix.edges) {
            int a = root(parent, e[0]);
            int b = root(parent, e[1]);
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        Map<Integer, List<Integer>> members = new java.util.LinkedHashMap<>();
        for (int v = 0; v < n; v++) {
            members.computeIfAbsent(root(parent, v), k -> new ArrayList<>()).add(v);
        }
        int[] local = new int[n];
        Map<Integer, List<int[]>> edgesOf = new HashMap<>();
        for (List<Integer> m : members.values()) {
            for (int i = 0; i < m.size(); i++) {
                local[m.get(i)] = i;
            }
        }
        for (int[] e : ix.edges) {
            edgesOf.computeIfAbsent(root(parent, e[0]), k -> new ArrayList<>()).add(new int[] {local[e[0]], local[e[1]]});
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Integer, List<Integer>> c : members.entrySet()) {
            List<Integer> m = c.getValue();
            String[] labels = new String[m.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = asciiLabel(ix.names[m.get(i)]);
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            AsciiDag.draw(labels, edgesOf.getOrDefault(c.getKey(), List.of()), out);
        }
        return out.toString();
    }

    /**
     * Graphviz DOT: {@code strict digraph { "a"; "b"; "a" -> "b"; }}, one statement a line, every
     * node listed (so that a stage without edges shows), then the edges in the order of the nodes.
     */
    static String dot(Graph g) {
        Indexed ix = Indexed.of(g);
        StringBuilder sb = new StringBuilder("strict digraph {\n");
        for (String name : ix.names) {
            sb.append('\t').append(dotId(name)).append(";\n");
        }
        for (int[] e : ix.edges) {
            sb.append('\t').append(dotId(ix.names[e[0]])).append(" -> ").append(dotId(ix.names[e[1]])).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * A Mermaid flowchart, top down: node {@code n<i>} is the i-th node, with its name as a quoted
     * label; then the edges {@code n0-->n1} in the order of the nodes.
     */
    static String mermaid(Graph g) {
        Indexed ix = Indexed.of(g);
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        for (int i = 0; i < ix.names.length; i++) {
            sb.append("\tn").append(i).append("[\"").append(mermaidText(ix.names[i])).append("\"]\n");
        }
        for (int[] e : ix.edges) {
            sb.append("\tn").append(e[0]).append("-->n").append(e[1]).append('\n');
        }
        return sb.toString();
    }

    /** {@link #mermaid} in a fenced {@code ```mermaid} block, for Markdown files (GitHub renders it). */
    static String markdown(Graph g) {
        return "```mermaid\n" + mermaid(g) + "```\n";
    }

    /**
     * A DOT quoted string. Inside quotes DOT only unescapes {@code \"}, but labels taken from the
     * id (the default) give backslash sequences a meaning ({@code \n}, {@code \N}, ...), so a
     * backslash is doubled to show as itself; a line break becomes {@code \n}, a line break in a
     * label.
     */
    static String dotId(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> {
                    if (i + 1 < name.length() && name.charAt(i + 1) == '\n') {
                        continue;
                    }
                    sb.append("\\n");
                }
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * The text of a quoted Mermaid label. Mermaid has no backslash escapes; characters are written as
     * its entity codes {@code #<decimal>;} ({@code #quot;} for a quote). Escaped: the quote, {@code #}
     * (it starts an entity), {@code &}, {@code <} and {@code >} (labels may be HTML), the backtick
     * (it starts a Markdown label), {@code \} (Mermaid reads {@code \n} as a line break), {@code %}
     * (it starts a comment) and control characters.
     */
    static String mermaidText(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("#quot;");
                case '#', '&', '<', '>', '`', '\\', '%' -> sb.append('#').append(cp).append(';');
                default -> {
                    if (Character.isISOControl(cp)) {
                        sb.append('#').append(cp).append(';');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }

    /** A name as it shows in a box: control characters (which would break the box) as escapes. */
    static String asciiLabel(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (!Character.isISOControl(cp)) {
                sb.appendCodePoint(cp);
                return;
            }
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", cp));
            }
        });
        return sb.toString();
    }

    private static int root(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    /** Node names by index, and the distinct edges as index pairs sorted by (from, to). */
    private record Indexed(String[] names, int[][] edges) {
        static Indexed of(Graph g) {
            String[] names = g.nodes().toArray(String[]::new);
            Map<String, Integer> index = new HashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                index.put(names[i], i);
            }
            int[][] edges = g.edges().stream()
                    .map(e -> new int[] {index.get(e.from()), index.get(e.to())})
                    .sorted((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]))
                    .toArray(int[][]::new);
            int distinct = 0;
            for (int[] e : edges) {
                if (distinct == 0 || !Arrays.equals(edges[distinct - 1], e)) {
                    edges[distinct++] = e;
                }
            }
            return new Indexed(names, Arrays.copyOf(edges, distinct));
        }
    }
}
