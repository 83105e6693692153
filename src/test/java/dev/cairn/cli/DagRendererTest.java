package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.cli.DagRenderer.Edge;
import dev.cairn.cli.DagRenderer.Graph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DagRendererTest {

    // ---- exact output of small graphs

    private static final Graph CHAIN = graph("a b c", "a>b", "b>c");
    private static final Graph DIAMOND = graph("a b c d", "a>b", "a>c", "b>d", "c>d");

    @Test
    void chainInEveryFormat() {
        assertEquals("""
                +---+
                | a |
                +---+
                  |
                +---+
                | b |
                +---+
                  |
                +---+
                | c |
                +---+
                """, DagRenderer.ascii(CHAIN));
        assertEquals("""
                strict digraph {
                \t"a";
                \t"b";
                \t"c";
                \t"a" -> "b";
                \t"b" -> "c";
                }
                """, DagRenderer.dot(CHAIN));
        assertEquals("""
                flowchart TD
                \tn0["a"]
                \tn1["b"]
                \tn2["c"]
                \tn0-->n1
                \tn1-->n2
                """, DagRenderer.mermaid(CHAIN));
        assertEquals("""
                ```mermaid
                flowchart TD
                \tn0["a"]
                \tn1["b"]
                \tn2["c"]
                \tn0-->n1
                \tn1-->n2
                ```
                """, DagRenderer.markdown(CHAIN));
    }

    @Test
    void diamondInEveryFormat() {
        assertEquals("""
                    +---+
                    | a |
                    +---+
                      |
                  .---'---.
                  |       |
                +---+   +---+
                | b |   | c |
                +---+   +---+
                  |       |
                  '---.---'
                      |
                    +---+
                    | d |
                    +---+
                """, DagRenderer.ascii(DIAMOND));
        assertEquals("""
                strict digraph {
                \t"a";
                \t"b";
                \t"c";
                \t"d";
                \t"a" -> "b";
                \t"a" -> "c";
                \t"b" -> "d";
                \t"c" -> "d";
                }
                """, DagRenderer.dot(DIAMOND));
        assertEquals("""
                flowchart TD
                \tn0["a"]
                \tn1["b"]
                \tn2["c"]
                \tn3["d"]
                \tn0-->n1
                \tn0-->n2
                \tn1-->n3
                \tn2-->n3
                """, DagRenderer.mermaid(DIAMOND));
        assertEquals("```mermaid\n" + DagRenderer.mermaid(DIAMOND) + "```\n", DagRenderer.markdown(DIAMOND));
    }

    @Test
    void anEdgeThatSkipsALayerRunsBesideTheStagesItPasses() {
        Graph g = graph("data.dvc prepare featurize train evaluate",
                "data.dvc>prepare", "prepare>featurize", "featurize>train", "featurize>evaluate", "train>evaluate");
        assertEquals("""
                   +----------+
                   | data.dvc |
                   +----------+
                        |
                   +---------+
                   | prepare |
                   +---------+
                        |
                  +-----------+
                  | featurize |
                  +-----------+
                        |
                   .----'-.
                   |      |
               +-------+  |
               | train |  |
               +-------+  |
                   |      |
                   '------+
                          |
                   +----------+
                   | evaluate |
                   +----------+
                """, DagRenderer.ascii(g));
        assertReadsBack(g);
    }

    @Test
    void wideFanOutAndFanInShareOneLine() {
        List<String> leaves = List.of("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
        Graph out = new Graph(concat(List.of("src"), leaves), leaves.stream().map(t -> new Edge("src", t)).toList());
        String drawing = DagRenderer.ascii(out);
        assertEquals("""
                                           +-----+
                                           | src |
                                           +-----+
                                              |
                  .-------.-------.-------.---'---.-------.-------.-------.
                  |       |       |       |       |       |       |       |
                +----+  +----+  +----+  +----+  +----+  +----+  +----+  +----+
                | t1 |  | t2 |  | t3 |  | t4 |  | t5 |  | t6 |  | t7 |  | t8 |
                +----+  +----+  +----+  +----+  +----+  +----+  +----+  +----+
                """, drawing);
        assertReadsBack(out);

        Graph in = new Graph(concat(leaves, List.of("sink")), leaves.stream().map(t -> new Edge(t, "sink")).toList());
        Drawing d = assertReadsBack(in);
        assertEquals(leaves, d.boxes().stream().map(Box::name).limit(8).toList(), "sources stay in their given order");
        assertEquals(0, d.crossings());
    }

    // ---- structure of larger drawings

    @Test
    void disconnectedPipelinesAreDrawnOneAfterAnotherInTheOrderOfTheirFirstStage() {
        Graph g = graph("x a y b c z", "a>b", "x>y", "y>z", "a>c");
        String drawing = DagRenderer.ascii(g);
        String[] blocks = drawing.split("\n\n");
        assertEquals(2, blocks.length, drawing);
        assertEquals(List.of("x", "y", "z"), read(blocks[0] + "\n").boxes().stream().map(Box::name).toList());
        assertEquals(List.of("a", "b", "c"), read(blocks[1] + "\n").boxes().stream().map(Box::name).toList());

        Graph singles = graph("p q r");
        assertEquals("""
                +---+
                | p |
                +---+

                +---+
                | q |
                +---+

                +---+
                | r |
                +---+
                """, DagRenderer.ascii(singles));
    }

    @Test
    void longNamesWidenTheirBoxesAndKeepTheLinesStraight() {
        String longName = "load-the-complete-raw-dataset-from-the-s3-bucket-of-the-team";
        Graph g = new Graph(List.of(longName, "x", "train@{lr: 0.1}", "evaluate@us-east-1"),
                List.of(new Edge(longName, "x"), new Edge("x", "train@{lr: 0.1}"), new Edge(longName, "train@{lr: 0.1}"),
                        new Edge("train@{lr: 0.1}", "evaluate@us-east-1")));
        String drawing = DagRenderer.ascii(g);
        assertTrue(drawing.contains("| " + longName + " |\n"), drawing);
        assertTrue(drawing.contains("+" + "-".repeat(longName.length() + 2) + "+"), drawing);
        assertReadsBack(g);
        int widest = drawing.lines().mapToInt(String::length).max().orElseThrow();
        assertEquals(longName.length() + 4, widest, "nothing sticks out beyond the widest box:\n" + drawing);
    }

    @Test
    void aTreeIsDrawnWithoutCrossingsWhateverTheOrderOfItsNodes() {
        Graph g = graph("r p q q1 p1 q2 p2 q3", "r>p", "r>q", "q>q1", "p>p1", "q>q2", "p>p2", "q>q3");
        Drawing d = assertReadsBack(g);
        assertEquals(0, d.crossings(), DagRenderer.ascii(g));
    }

    @Test
    void crossingLinesAreDrawnCrossedNotJoined() {
        // every source feeds every target: the lines must cross somewhere
        Graph g = graph("a b c d e f", "a>d", "a>e", "a>f", "b>d", "b>e", "b>f", "c>d", "c>e", "c>f");
        Drawing d = assertReadsBack(g);
        assertTrue(d.crossings() > 0, DagRenderer.ascii(g));
    }

    @Test
    void manyLongEdgesIntoOneStage() {
        // every stage feeds the last, and the first feeds every stage: points of long edges everywhere
        List<String> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            nodes.add("s" + i);
            if (i > 0) {
                edges.add(new Edge("s" + (i - 1), "s" + i));
                edges.add(new Edge("s0", "s" + i));
            }
            if (i > 0 && i < 13) {
                edges.add(new Edge("s" + i, "s13"));
            }
        }
        assertReadsBack(new Graph(nodes, edges));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomGraphsReadBackIntoThemselves(int batch) {
        for (int seed = batch * 1000; seed < batch * 1000 + 60; seed++) {
            Graph g = random(new Random(seed), 1 + seed % 40);
            try {
                assertReadsBack(g);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void twoHundredStagesReadBackAndAreDeterministic() {
        Graph g = random(new Random(200), 200);
        String drawing = DagRenderer.ascii(g);
        assertReadsBack(g);
        List<Edge> shuffled = new ArrayList<>(g.edges());
        shuffled.addAll(g.edges().subList(0, 40)); // repeated edges count once
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(drawing, DagRenderer.ascii(new Graph(g.nodes(), shuffled)));
        assertEquals(DagRenderer.dot(g), DagRenderer.dot(new Graph(g.nodes(), shuffled)));
        assertEquals(DagRenderer.mermaid(g), DagRenderer.mermaid(new Graph(g.nodes(), shuffled)));
    }

    /**
     * The brief: a 200-stage graph renders in well under 100 ms. Best of a few runs, so that a busy
     * machine or a cold JIT does not decide it; the bound is loose on purpose (a run takes a few ms).
     */
    @Test
    void emptyGraph() {
        Graph g = new Graph(List.of(), List.of());
        assertEquals("", DagRenderer.ascii(g));
        assertEquals("strict digraph {\n}\n", DagRenderer.dot(g));
        assertEquals("flowchart TD\n", DagRenderer.mermaid(g));
        assertEquals("```mermaid\nflowchart TD\n```\n", DagRenderer.markdown(g));
    }

    // ---- names with special characters

    private static final List<String> AWKWARD = List.of(
            "train@{lr: 0.1}", "build@us-east", "say \"hi\"", "back\\slash\\", "two\nlines", "a#b;<i>&amp;",
            "50%", "`md`", "tab\there", "数据");

    @Test
    void dotQuotesAndEscapesNames() {
        Graph g = new Graph(List.of("train@{lr: 0.1}", "build@us-east", "say \"hi\"", "back\\slash\\", "two\nlines"),
                List.of(new Edge("train@{lr: 0.1}", "build@us-east"), new Edge("say \"hi\"", "back\\slash\\"),
                        new Edge("back\\slash\\", "two\nlines")));
        assertEquals("""
                strict digraph {
                \t"train@{lr: 0.1}";
                \t"build@us-east";
                \t"say \\"hi\\"";
                \t"back\\\\slash\\\\";
                \t"two\\nlines";
                \t"train@{lr: 0.1}" -> "build@us-east";
                \t"say \\"hi\\"" -> "back\\\\slash\\\\";
                \t"back\\\\slash\\\\" -> "two\\nlines";
                }
                """, DagRenderer.dot(g));
    }

    @Test
    void dotLabelsShowTheNamesExactly() {
        Graph g = new Graph(AWKWARD, List.of(new Edge(AWKWARD.get(0), AWKWARD.get(1))));
        List<String> lines = DagRenderer.dot(g).lines().toList();
        for (int i = 0; i < AWKWARD.size(); i++) {
            String line = lines.get(1 + i);
            assertEquals(AWKWARD.get(i), dotLabel(line.substring(1, line.length() - 1)));
        }
    }

    @Test
    void mermaidEscapesNamesAsEntityCodes() {
        Graph g = new Graph(List.of("train@{lr: 0.1}", "build@us-east", "say \"hi\"", "a#b;<i>&", "`md` 50%\\n"),
                List.of(new Edge("train@{lr: 0.1}", "build@us-east")));
        assertEquals("""
                flowchart TD
                \tn0["train@{lr: 0.1}"]
                \tn1["build@us-east"]
                \tn2["say #quot;hi#quot;"]
                \tn3["a#35;b;#60;i#62;#38;"]
                \tn4["#96;md#96; 50#37;#92;n"]
                \tn0-->n1
                """, DagRenderer.mermaid(g));
    }

    @Test
    void mermaidLabelsDecodeToTheNamesExactly() {
        Graph g = new Graph(AWKWARD, List.of());
        List<String> lines = DagRenderer.mermaid(g).lines().toList();
        Pattern node = Pattern.compile("\tn(\\d+)\\[\"([^\"]*)\"]");
        for (int i = 0; i < AWKWARD.size(); i++) {
            Matcher m = node.matcher(lines.get(1 + i));
            assertTrue(m.matches(), lines.get(1 + i));
            assertEquals(String.valueOf(i), m.group(1));
            String text = m.group(2);
            assertFalse(text.matches("(?s).*[`<>&\\\\%\\p{Cntrl}].*"), text);
            assertFalse(text.replaceAll("#(\\d+|quot);", "").contains("#"), text);
            assertEquals(AWKWARD.get(i), mermaidLabel(text));
        }
    }

    @Test
    void asciiBoxesShowControlCharactersAsEscapesAndFitWideCharacters() {
        Graph g = new Graph(List.of("tab\there", "two\nlines", "数据"),
                List.of(new Edge("tab\there", "数据"), new Edge("two\nlines", "数据")));
        String drawing = DagRenderer.ascii(g);
        assertTrue(drawing.contains("| tab\\there |"), drawing);
        assertTrue(drawing.contains("| two\\nlines |"), drawing);
        // 数据 is four columns wide on a terminal: its box is eight
        assertTrue(drawing.contains("+------+\n"), drawing);
        assertTrue(drawing.contains("| 数据 |"), drawing);
        List<String> lines = drawing.lines().toList();
        int row = lines.indexOf(lines.stream().filter(l -> l.contains("数据")).findFirst().orElseThrow());
        assertEquals(lines.get(row - 1).indexOf("+------+"), lines.get(row).indexOf("| 数据 |"), drawing);
    }

    // ---- bad graphs

    @Test
    void refusesGraphsThatAreNotDags() {
        assertThrows(IllegalArgumentException.class, () -> graph("a b", "a>c"));
        assertThrows(IllegalArgumentException.class, () -> graph("a b", "a>a"));
        assertThrows(IllegalArgumentException.class, () -> graph("a b a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph("a b", "b>a"));
        assertTrue(e.getMessage().contains("topological order"), e.getMessage());
    }

    // ---- helpers

    private static Graph graph(String nodes, String... edges) {
        List<Edge> list = new ArrayList<>();
        for (String e : edges) {
            String[] p = e.split(">");
            list.add(new Edge(p[0], p[1]));
        }
        return new Graph(nodes.isEmpty() ? List.of() : Arrays.asList(nodes.split(" ")), list);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Stages named s0, s1, ... with names of varied lengths, each with up to a few upstream stages, near ones likelier. */
    private static Graph random(Random r, int n) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add("s" + i + "x".repeat(r.nextInt(r.nextInt(4) == 0 ? 14 : 3)));
        }
        List<Edge> edges = new ArrayList<>();
        double density = r.nextDouble() * 3;
        for (int v = 1; v < n; v++) {
            int k = (int) (r.nextDouble() * density) + (r.nextInt(5) == 0 ? 0 : 1);
            for (int j = 0; j < k; j++) {
                int u = r.nextBoolean() ? Math.max(0, v - 1 - r.nextInt(4)) : r.nextInt(v);
                edges.add(new Edge(nodes.get(u), nodes.get(v)));
            }
        }
        return new Graph(nodes, edges);
    }

    /**
     * Reads the drawing of {@code g} back and checks that it shows exactly {@code g}: every stage in
     * one box, in the row of its layer, and from every box lines that lead down to exactly the
     * stages that depend on it, with no stray line anywhere. Also checks that the output is the same
     * twice.
     */
    private static Drawing assertReadsBack(Graph g) {
        String drawing = DagRenderer.ascii(g);
        assertEquals(drawing, DagRenderer.ascii(g), "deterministic");
        Drawing d = read(drawing);
        List<String> names = d.boxes().stream().map(Box::name).sorted().toList();
        assertEquals(g.nodes().stream().sorted().toList(), names, "every stage in exactly one box:\n" + drawing);
        Map<String, Set<String>> expected = new TreeMap<>();
        Map<String, Integer> layer = new LinkedHashMap<>();
        for (String n : g.nodes()) {
            expected.put(n, new TreeSet<>());
            layer.put(n, 0);
        }
        for (String n : g.nodes()) {
            for (Edge e : g.edges()) {
                if (e.to().equals(n)) {
                    layer.put(n, Math.max(layer.get(n), layer.get(e.from()) + 1));
                }
            }
        }
        for (Edge e : g.edges()) {
            expected.get(e.from()).add(e.to());
        }
        assertEquals(expected, d.edges(), "the lines lead from each stage to the stages that depend on it:\n" + drawing);
        // within one pipeline, boxes of one layer share a row and deeper layers are lower
        Map<Integer, Integer> rowOfLayer = new TreeMap<>();
        Map<String, Box> boxes = new TreeMap<>();
        d.boxes().forEach(b -> boxes.put(b.name(), b));
        for (Edge e : g.edges()) {
            assertTrue(boxes.get(e.from()).top() < boxes.get(e.to()).top(), e + " goes down");
        }
        if (d.blocks() == 1) {
            for (String n : g.nodes()) {
                Integer row = rowOfLayer.putIfAbsent(layer.get(n), boxes.get(n).top());
                assertTrue(row == null || row == boxes.get(n).top(), n + " is in the row of its layer\n" + drawing);
            }
            List<Integer> rows = new ArrayList<>(rowOfLayer.values());
            List<Integer> sorted = new ArrayList<>(rows);
            Collections.sort(sorted);
            assertEquals(sorted, rows, "deeper layers are lower");
        }
        return d;
    }

    record Box(String name, int top, int left, int right) {
    }

    /** What a drawing shows: its boxes (top to bottom, left to right), where lines lead, and how often lines cross. */
    record Drawing(List<Box> boxes, Map<String, Set<String>> edges, int crossings, int blocks) {
    }

    /**
     * Reads a drawing the way a person would: finds the boxes, then follows every line from the
     * bottom of each box. {@code |} goes on down; {@code '} turns a line from above both ways along
     * a track, {@code .} sends a line down from a track, {@code +} does both, and a {@code |} met
     * along a track is a line crossing it. A line must end at the top edge of a box.
     */
    static Drawing read(String text) {
        assertTrue(text.isEmpty() || text.endsWith("\n"), "ends with a newline");
        String[] lines = text.split("\n");
        int rows = lines.length;
        int width = Arrays.stream(lines).mapToInt(String::length).max().orElse(0);
        char[][] g = new char[rows + 1][width + 2];
        for (char[] row : g) {
            Arrays.fill(row, ' ');
        }
        for (int r = 0; r < rows; r++) {
            assertFalse(lines[r].endsWith(" "), "no trailing spaces");
            lines[r].getChars(0, lines[r].length(), g[r], 0);
        }
        List<Box> boxes = new ArrayList<>();
        Box[][] topEdge = new Box[rows + 1][width + 2];
        boolean[][] inBox = new boolean[rows + 1][width + 2];
        for (int r = 0; r + 2 < rows; r++) {
            for (int c1 = 0; c1 < width; c1++) {
                if (g[r][c1] != '+' || inBox[r][c1]) {
                    continue;
                }
                int c2 = c1 + 1;
                while (c2 < width && g[r][c2] == '-') {
                    c2++;
                }
                if (c2 == c1 + 1 || g[r][c2] != '+' || g[r + 1][c1] != '|' || g[r + 1][c2] != '|'
                        || !new String(g[r + 2], c1, c2 - c1 + 1).equals(new String(g[r], c1, c2 - c1 + 1))) {
                    continue;
                }
                Box b = new Box(new String(g[r + 1], c1 + 1, c2 - c1 - 1).trim(), r, c1, c2);
                boxes.add(b);
                for (int c = c1; c <= c2; c++) {
                    topEdge[r][c] = b;
                    inBox[r][c] = inBox[r + 1][c] = inBox[r + 2][c] = true;
                }
                c1 = c2;
            }
        }
        boolean[][] used = new boolean[rows + 1][width + 2];
        Set<Long> crossings = new HashSet<>();
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Box b : boxes) {
            Set<String> reached = new TreeSet<>();
            edges.put(b.name(), reached);
            int below = b.top() + 3;
            List<Integer> exits = new ArrayList<>();
            for (int c = b.left() + 1; c < b.right(); c++) {
                if (g[below][c] == '|') {
                    exits.add(c);
                }
            }
            assertTrue(exits.size() <= 1, "one line leaves " + b.name() + "\n" + text);
            for (int c : exits) {
                follow(g, below, c, topEdge, used, crossings, reached, text);
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                if (g[r][c] != ' ' && !inBox[r][c] && !used[r][c]) {
                    fail("stray '" + g[r][c] + "' at row " + r + ", column " + c + "\n" + text);
                }
            }
        }
        int blocks = text.isEmpty() ? 0 : text.split("\n\n").length;
        return new Drawing(boxes, edges, crossings.size(), blocks);
    }

    private static final int DOWN = 0;
    private static final int LEFT = -1;
    private static final int RIGHT = 1;

    private static void follow(char[][] g, int row, int col, Box[][] topEdge, boolean[][] used, Set<Long> crossings,
            Set<String> reached, String text) {
        Deque<int[]> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        todo.push(new int[] {row, col, DOWN});
        while (!todo.isEmpty()) {
            int[] s = todo.pop();
            int r = s[0];
            int c = s[1];
            int dir = s[2];
            if (r < 0 || r >= g.length || c < 0 || c >= g[r].length || !seen.add(((long) r << 32) | ((long) c << 2) | (dir + 1))) {
                continue;
            }
            char ch = g[r][c];
            String where = " at row " + r + ", column " + c + "\n" + text;
            if (dir == DOWN) {
                if (topEdge[r][c] != null) {
                    assertTrue(topEdge[r][c].left() < c && c < topEdge[r][c].right(), "a line meets a box at a corner" + where);
                    reached.add(topEdge[r][c].name());
                    continue;
                }
                used[r][c] = true;
                switch (ch) {
                    case '|' -> todo.push(new int[] {r + 1, c, DOWN});
                    case '\'' -> {
                        todo.push(new int[] {r, c - 1, LEFT});
                        todo.push(new int[] {r, c + 1, RIGHT});
                    }
                    case '+' -> {
                        todo.push(new int[] {r + 1, c, DOWN});
                        todo.push(new int[] {r, c - 1, LEFT});
                        todo.push(new int[] {r, c + 1, RIGHT});
                    }
                    default -> fail("a line from above ends at '" + ch + "'" + where);
                }
                continue;
            }
            switch (ch) {
                case ' ' -> {
                    assertTrue(g[r][c - dir] != '-', "a track ends without a corner" + where);
                }
                case '-', '\'' -> {
                    used[r][c] = true;
                    todo.push(new int[] {r, c + dir, dir});
                }
                case '|' -> {
                    used[r][c] = true;
                    if (g[r][c + dir] != ' ') {
                        crossings.add(((long) r << 32) | c);
                    }
                    todo.push(new int[] {r, c + dir, dir});
                }
                case '.', '+' -> {
                    used[r][c] = true;
                    todo.push(new int[] {r + 1, c, DOWN});
                    todo.push(new int[] {r, c + dir, dir});
                }
                default -> fail("a track runs into '" + ch + "'" + where);
            }
        }
    }

    /** A DOT id as Graphviz labels show it: backslash escapes the next character, \n is a line break. */
    private static String dotLabel(String quoted) {
        assertTrue(quoted.startsWith("\"") && quoted.endsWith("\"") && quoted.length() >= 2, quoted);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '"') {
                fail("unescaped quote in " + quoted);
            }
            if (c == '\\') {
                assertTrue(i + 1 < quoted.length() - 1, "the closing quote is escaped in " + quoted);
                char n = quoted.charAt(++i);
                sb.append(n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A Mermaid label with its entity codes decoded. */
    private static String mermaidLabel(String text) {
        Matcher m = Pattern.compile("#(\\d+|quot);").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String code = m.group(1);
            m.appendReplacement(sb, Matcher.quoteReplacement(
                    code.equals("quot") ? "\"" : new String(Character.toChars(Integer.parseInt(code)))));
        }
        return m.appendTail(sb).toString();
    }
}
