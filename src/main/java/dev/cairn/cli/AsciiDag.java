package dev.cairn.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The drawing behind {@link DagRenderer#ascii}: one connected pipeline as boxes in layers, joined
 * by lines, laid out in the manner of Sugiyama et al.
 *
 * <ol>
 *   <li>Layers: a stage's layer is one more than the deepest of its upstream stages. An edge that
 *       skips layers gets a point in each layer it passes, drawn as a {@code |}, so that every
 *       line only joins neighbouring layers and never runs through a box.
 *   <li>Order within a layer: sweeps down and up that sort each layer by the barycentre of its
 *       neighbours in the layer before, keeping the order with the fewest crossings.
 *   <li>Columns: each layer in turn is moved as close as its order allows to the weighted mean of
 *       its neighbours (a weighted isotonic regression), so that chains are straight, a parent sits
 *       above the middle of its children, and long edges run straight.
 *   <li>Lines between two layers: each line leaves a box at the middle of its bottom edge, runs down
 *       to one row (its track), along it, and down into the top of the box below. The lines from one
 *       stage to several share a track ({@code .--'--.} below the stage), and so do the lines into
 *       one stage from stages that feed nothing else ({@code '--.--'}); everything else gets a
 *       port of its own on the box top. Lines that cross are drawn {@code -|-}, never joined, so
 *       the drawing can be read back into exactly the graph it came from.
 * </ol>
 */
final class AsciiDag {

    /** Rounds of down-and-up sweeps to reduce crossings, at most. */
    private static final int ORDER_ROUNDS = 12;
    /** ... ending early after this many rounds without fewer crossings. */
    private static final int STALE_ROUNDS = 3;
    /** Rounds of down-and-up sweeps to place columns, at most; they end once nothing moves a hundredth of a column. */
    private static final int PLACEMENT_ROUNDS = 24;
    /**
     * Items (stages and points of long edges) times rounds that a drawing may spend, so that the time
     * stays about linear in the size of the drawing: a 200-stage graph whose every stage also
     * depends on the first has 20,000 points, and gets fewer rounds.
     */
    private static final int ROUND_BUDGET = 250_000;
    /** Free columns next to a box. */
    private static final int BOX_GAP = 2;
    /** Free columns between two long edges passing through a layer. */
    private static final int LINE_GAP = 1;

    private final int stages;
    private final int items;
    private final String[] labels;
    private final int[] labelWidth;
    private final int[] layerOf;
    private final int[][] up;
    private final int[][] down;
    private final int[][] order;
    private final int[] pos;
    private final int[] width;
    private final int[] offset;
    private final int[] col;
    /** Per band, scratch: the fan-out net of a stage in the layer above, the merge net into one below. */
    private final int[] fanOf;
    private final int[] mergeInto;

    private AsciiDag(String[] labels, List<int[]> edges) {
        this.labels = labels;
        stages = labels.length;
        labelWidth = new int[stages];
        for (int i = 0; i < stages; i++) {
            labelWidth[i] = displayWidth(labels[i]);
        }
        IntList[] stageUps = IntList.array(stages);
        for (int[] e : edges) {
            stageUps[e[1]].add(e[0]);
        }
        int[] layer = new int[stages];
        int layers = 1;
        for (int v = 0; v < stages; v++) {
            for (int i = 0; i < stageUps[v].size; i++) {
                layer[v] = Math.max(layer[v], layer[stageUps[v].at(i)] + 1);
            }
            layers = Math.max(layers, layer[v] + 1);
        }
        int points = 0;
        for (int[] e : edges) {
            points += layer[e[1]] - layer[e[0]] - 1;
        }
        items = stages + points;
        layerOf = Arrays.copyOf(layer, items);
        IntList[] ups = IntList.array(items);
        IntList[] downs = IntList.array(items);
        int next = stages;
        for (int[] e : edges) {
            int prev = e[0];
            for (int l = layer[e[0]] + 1; l < layer[e[1]]; l++) {
                layerOf[next] = l;
                downs[prev].add(next);
                ups[next].add(prev);
                prev = next++;
            }
            downs[prev].add(e[1]);
            ups[e[1]].add(prev);
        }
        up = new int[items][];
        down = new int[items][];
        for (int i = 0; i < items; i++) {
            up[i] = ups[i].toArray();
            down[i] = downs[i].toArray();
        }
        int[] count = new int[layers];
        for (int i = 0; i < items; i++) {
            count[layerOf[i]]++;
        }
        order = new int[layers][];
        for (int l = 0; l < layers; l++) {
            order[l] = new int[count[l]];
            count[l] = 0;
        }
        for (int i = 0; i < items; i++) {
            order[layerOf[i]][count[layerOf[i]]++] = i;
        }
        pos = new int[items];
        width = new int[items];
        offset = new int[items];
        col = new int[items];
        fanOf = new int[items];
        mergeInto = new int[items];
    }

    /** Appends the drawing of one connected graph; {@code edges} are distinct (from, to) pairs, from &lt; to. */
    static void draw(String[] labels, List<int[]> edges, StringBuilder out) {
        AsciiDag d = new AsciiDag(labels, edges);
        d.orderLayers();
        d.sizeBoxes();
        d.placeColumns();
        d.render(out);
    }

    // ---- order within layers

    private void orderLayers() {
        updatePositions(0);
        for (int l = 1; l < order.length; l++) {
            reorder(l, true);
        }
        long best = crossings();
        int[][] bestOrder = copy(order);
        for (int round = 0, stale = 0; round < rounds(ORDER_ROUNDS) && best > 0 && stale < STALE_ROUNDS; round++) {
            stale++;
            for (int l = order.length - 2; l >= 0; l--) {
                reorder(l, false);
            }
            long c = crossings();
            if (c < best) {
                best = c;
                bestOrder = copy(order);
                stale = 0;
            }
            for (int l = 1; l < order.length; l++) {
                reorder(l, true);
            }
            c = crossings();
            if (c < best) {
                best = c;
                bestOrder = copy(order);
                stale = 0;
            }
        }
        for (int l = 0; l < order.length; l++) {
            order[l] = bestOrder[l];
            updatePositions(l);
        }
        // Points of long edges keep the order of the points they come from: two long edges then
        // never swap columns, which is what keeps the lines of a band from needing each other's rows.
        for (int l = 1; l < order.length; l++) {
            int[] row = order[l];
            int[] slots = new int[row.length];
            Integer[] points = new Integer[row.length];
            int n = 0;
            for (int i = 0; i < row.length; i++) {
                if (row[i] >= stages) {
                    slots[n] = i;
                    points[n++] = row[i];
                }
            }
            Arrays.sort(points, 0, n, (a, b) -> pos[up[a][0]] != pos[up[b][0]]
                    ? Integer.compare(pos[up[a][0]], pos[up[b][0]]) : Integer.compare(pos[a], pos[b]));
            for (int i = 0; i < n; i++) {
                row[slots[i]] = points[i];
            }
            updatePositions(l);
        }
    }

    private int rounds(int most) {
        return Math.max(2, Math.min(most, ROUND_BUDGET / items));
    }

    /** Sorts a layer by the mean position of its neighbours above (or below); items without any stay put. */
    private void reorder(int l, boolean fromAbove) {
        int[] row = order[l];
        int m = row.length;
        double[] key = new double[m];
        boolean[] fixed = new boolean[m];
        int movable = 0;
        for (int i = 0; i < m; i++) {
            int[] nb = fromAbove ? up[row[i]] : down[row[i]];
            if (nb.length == 0) {
                fixed[i] = true;
                continue;
            }
            double sum = 0;
            for (int v : nb) {
                sum += pos[v];
            }
            key[i] = sum / nb.length;
            movable++;
        }
        Integer[] moving = new Integer[movable];
        for (int i = 0, k = 0; i < m; i++) {
            if (!fixed[i]) {
                moving[k++] = i;
            }
        }
        Arrays.sort(moving, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        int[] next = new int[m];
        for (int i = 0, k = 0; i < m; i++) {
            next[i] = fixed[i] ? row[i] : row[moving[k++]];
        }
        order[l] = next;
        updatePositions(l);
    }

    private void updatePositions(int l) {
        for (int i = 0; i < order[l].length; i++) {
            pos[order[l][i]] = i;
        }
    }

    /** Pairs of crossing edges between neighbouring layers (counted with a Fenwick tree). */
    private long crossings() {
        long total = 0;
        for (int l = 0; l + 1 < order.length; l++) {
            int size = order[l + 1].length;
            long[] tree = new long[size + 1];
            long seen = 0;
            for (int u : order[l]) {
                int[] targets = new int[down[u].length];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = pos[down[u][i]];
                }
                Arrays.sort(targets);
                for (int p : targets) {
                    long atOrBefore = 0;
                    for (int i = p + 1; i > 0; i -= i & -i) {
                        atOrBefore += tree[i];
                    }
                    total += seen - atOrBefore;
                }
                for (int p : targets) {
                    for (int i = p + 1; i <= size; i += i & -i) {
                        tree[i]++;
                    }
                    seen++;
                }
            }
        }
        return total;
    }

    private static int[][] copy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    // ---- columns

    /**
     * A box is wide enough for its name and for a port per group of lines coming in: three columns
     * each, so that ports can keep a column apart and step around the lines leaving the layer above
     * (two columns each always suffice for the latter: those lines are two or more apart).
     */
    private void sizeBoxes() {
        for (int v = 0; v < items; v++) {
            if (v >= stages) {
                width[v] = 1;
                continue;
            }
            int groups = 0;
            boolean merged = false;
            for (int u : up[v]) {
                if (down[u].length > 1) {
                    groups++;
                } else {
                    merged = true;
                }
            }
            if (merged) {
                groups++;
            }
            width[v] = Math.max(labelWidth[v] + 4, groups > 1 ? 3 * groups + 2 : 0);
            offset[v] = (width[v] - 1) / 2;
        }
    }

    /** Least distance between the middles of two neighbours in a layer. */
    private int separation(int a, int b) {
        int gap = a >= stages && b >= stages ? LINE_GAP : BOX_GAP;
        return width[a] - offset[a] + offset[b] + gap;
    }

    private double weight(int a, int b) {
        return a >= stages && b >= stages ? 8 : a >= stages || b >= stages ? 2 : 1;
    }

    private void placeColumns() {
        double[] x = new double[items];
        for (int[] row : order) {
            for (int i = 1; i < row.length; i++) {
                x[row[i]] = x[row[i - 1]] + separation(row[i - 1], row[i]);
            }
        }
        for (int round = 0; round < rounds(PLACEMENT_ROUNDS); round++) {
            double moved = 0;
            for (int l = 0; l < order.length; l++) {
                moved = Math.max(moved, place(order[l], x));
            }
            for (int l = order.length - 1; l >= 0; l--) {
                moved = Math.max(moved, place(order[l], x));
            }
            if (moved < 0.01) {
                break;
            }
        }
        // Halves round away from the first stage, so that a symmetric layout stays symmetric; the
        // snap first keeps float noise from deciding which way a half goes.
        double anchor = x[order[0][0]];
        int anchorColumn = (int) Math.rint(anchor);
        for (int[] row : order) {
            for (int i = 0; i < row.length; i++) {
                double d = Math.rint((x[row[i]] - anchor) * 1024) / 1024;
                int c = anchorColumn + (int) (Math.signum(d) * Math.floor(Math.abs(d) + 0.5));
                col[row[i]] = i == 0 ? c : Math.max(c, col[row[i - 1]] + separation(row[i - 1], row[i]));
            }
        }
        straightenLongEdges();
        int min = Integer.MAX_VALUE;
        for (int v = 0; v < items; v++) {
            min = Math.min(min, col[v] - offset[v]);
        }
        for (int v = 0; v < items; v++) {
            col[v] -= min;
        }
    }

    /**
     * Moves each point of a long edge under the point above it (or under a stage whose only line it
     * is) where its neighbours leave room, so that long edges run straight down.
     */
    private void straightenLongEdges() {
        for (int l = 1; l < order.length; l++) {
            for (int i = 0; i < order[l].length; i++) {
                int v = order[l][i];
                if (v >= stages && (up[v][0] >= stages || down[up[v][0]].length == 1)) {
                    moveTowards(order[l], i, col[up[v][0]]);
                }
            }
        }
        for (int l = order.length - 2; l >= 1; l--) {
            for (int i = 0; i < order[l].length; i++) {
                int v = order[l][i];
                if (v >= stages && down[v][0] >= stages) {
                    moveTowards(order[l], i, col[down[v][0]]);
                }
            }
        }
    }

    private void moveTowards(int[] row, int i, int want) {
        int v = row[i];
        int least = i == 0 ? Integer.MIN_VALUE : col[row[i - 1]] + separation(row[i - 1], v);
        int most = i + 1 == row.length ? Integer.MAX_VALUE : col[row[i + 1]] - separation(v, row[i + 1]);
        if (want >= least && want <= most) {
            col[v] = want;
        }
    }

    /**
     * Moves one layer as close as its order allows to the weighted mean of each item's neighbours:
     * minimises the weighted squared distance under "at least the separation apart", by the
     * pool-adjacent-violators algorithm on the columns less the least offsets. Returns the largest
     * move.
     */
    private double place(int[] row, double[] x) {
        int m = row.length;
        double[] target = new double[m];
        double[] w = new double[m];
        double[] base = new double[m];
        for (int i = 0; i < m; i++) {
            int v = row[i];
            base[i] = i == 0 ? 0 : base[i - 1] + separation(row[i - 1], v);
            double sum = 0;
            double sw = 0;
            for (int u : up[v]) {
                double k = weight(u, v);
                sum += k * x[u];
                sw += k;
            }
            for (int u : down[v]) {
                double k = weight(u, v);
                sum += k * x[u];
                sw += k;
            }
            if (sw == 0) {
                sum = x[v];
                sw = 1;
            }
            target[i] = sum / sw - base[i];
            w[i] = sw;
        }
        double[] value = new double[m];
        double[] mass = new double[m];
        int[] start = new int[m];
        int blocks = 0;
        for (int i = 0; i < m; i++) {
            value[blocks] = target[i];
            mass[blocks] = w[i];
            start[blocks] = i;
            blocks++;
            while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
                double total = mass[blocks - 2] + mass[blocks - 1];
                value[blocks - 2] = (value[blocks - 2] * mass[blocks - 2] + value[blocks - 1] * mass[blocks - 1]) / total;
                mass[blocks - 2] = total;
                blocks--;
            }
        }
        double moved = 0;
        for (int b = 0; b < blocks; b++) {
            int end = b + 1 < blocks ? start[b + 1] : m;
            for (int i = start[b]; i < end; i++) {
                moved = Math.max(moved, Math.abs(x[row[i]] - (value[b] + base[i])));
                x[row[i]] = value[b] + base[i];
            }
        }
        return moved;
    }

    // ---- lines between two layers

    /** Lines drawn as one: their columns leaving the layer above and entering the layer below. */
    private static final class Net {
        final IntList exits = new IntList();
        final IntList ports = new IntList();
        /** Nets whose track must be below this one's: their ports are under its exits. */
        final IntList below = new IntList();
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        int track = -1;
        /** Nets above this one that have no track yet. */
        int waiting;

        boolean bent() {
            return lo < hi;
        }
    }

    private record Band(List<Net> nets, int height) {
    }

    /**
     * The lines between layer {@code l} and the next: a net for each item feeding several (one exit,
     * many ports) and one for each item fed by items that feed nothing else (many exits, one port);
     * then their ports and their tracks.
     */
    private Band band(int l, int canvasWidth) {
        List<Net> nets = new ArrayList<>();
        for (int u : order[l]) {
            if (down[u].length > 1) {
                fanOf[u] = nets.size();
                Net n = new Net();
                n.exits.add(col[u]);
                nets.add(n);
            }
        }
        for (int t : order[l + 1]) {
            mergeInto[t] = -1;
            for (int u : up[t]) {
                if (down[u].length == 1) {
                    if (mergeInto[t] < 0) {
                        mergeInto[t] = nets.size();
                        nets.add(new Net());
                    }
                    nets.get(mergeInto[t]).exits.add(col[u]);
                }
            }
        }
        boolean[] exitAt = new boolean[canvasWidth];
        int[] exitNet = new int[canvasWidth];
        for (int u : order[l]) {
            if (down[u].length > 0) {
                exitAt[col[u]] = true;
                exitNet[col[u]] = down[u].length > 1 ? fanOf[u] : mergeInto[down[u][0]];
            }
        }
        for (int t : order[l + 1]) {
            assignPorts(t, nets, mergeInto[t], exitAt, exitNet);
        }
        boolean[] vertical = exitAt.clone();
        for (Net n : nets) {
            for (int i = 0; i < n.exits.size; i++) {
                n.lo = Math.min(n.lo, n.exits.at(i));
                n.hi = Math.max(n.hi, n.exits.at(i));
            }
            for (int i = 0; i < n.ports.size; i++) {
                n.lo = Math.min(n.lo, n.ports.at(i));
                n.hi = Math.max(n.hi, n.ports.at(i));
                vertical[n.ports.at(i)] = true;
            }
        }
        // A port below another net's exit: that exit must reach its track before the port leaves its own.
        for (int b = 0; b < nets.size(); b++) {
            Net n = nets.get(b);
            for (int i = 0; i < n.ports.size; i++) {
                int p = n.ports.at(i);
                if (exitAt[p] && exitNet[p] != b) {
                    Net a = nets.get(exitNet[p]);
                    if (!a.bent() || !n.bent()) {
                        throw new IllegalStateException("a straight line shares a column with another");
                    }
                    a.below.add(b);
                    n.waiting++;
                }
            }
        }
        int[] free = new int[canvasWidth + 1];
        for (int c = 0; c < canvasWidth; c++) {
            free[c + 1] = free[c] + (vertical[c] ? 0 : 1);
        }
        return new Band(nets, assignTracks(nets, free));
    }

    /**
     * Chooses where the nets coming into {@code t} meet its top: one column each, inside the box, in
     * the order of where they come from, straight below the source where it is above the box, else
     * spread around the middle; none below a line leaving the layer above for another net.
     */
    private void assignPorts(int t, List<Net> nets, int merged, boolean[] exitAt, int[] exitNet) {
        if (t >= stages) {
            int net = merged >= 0 ? merged : fanOf[up[t][0]];
            nets.get(net).ports.add(col[t]);
            return;
        }
        int lo = col[t] - offset[t] + 1;
        int hi = col[t] - offset[t] + width[t] - 2;
        List<double[]> in = new ArrayList<>(); // {net, where it comes from, its straight column or -1}
        for (int u : up[t]) {
            if (down[u].length > 1) {
                in.add(new double[] {fanOf[u], col[u], col[u] >= lo && col[u] <= hi ? col[u] : -1});
            }
        }
        if (merged >= 0) {
            IntList exits = nets.get(merged).exits;
            int straight = -1;
            double sum = 0;
            for (int i = 0; i < exits.size; i++) {
                int c = exits.at(i);
                sum += c;
                if (c >= lo && c <= hi && (straight < 0 || Math.abs(c - col[t]) < Math.abs(straight - col[t]))) {
                    straight = c;
                }
            }
            in.add(new double[] {merged, sum / exits.size, straight});
        }
        in.sort((a, b) -> a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[0], b[0]));
        int[] ports = choosePorts(in, lo, hi, 2, exitAt, exitNet);
        if (ports == null) {
            ports = choosePorts(in, lo, hi, 1, exitAt, exitNet);
        }
        for (int k = 0; k < in.size(); k++) {
            nets.get((int) in.get(k)[0]).ports.add(ports[k]);
        }
    }

    /**
     * Ports left to right, at least {@code spacing} apart, each as near as it can be to where it
     * wants to be and preferably not next to a line from above; null if they do not fit so apart.
     * With a spacing of one they always fit: the box has two columns per port, and of any two
     * neighbouring columns at most one is below a line from the layer above.
     */
    private int[] choosePorts(List<double[]> in, int lo, int hi, int spacing, boolean[] exitAt, int[] exitNet) {
        // freeAfter[c - lo]: columns in (c, hi] below no line at all, which any later port may take
        int[] freeAfter = new int[hi - lo + 2];
        for (int c = hi - 1; c >= lo; c--) {
            freeAfter[c - lo] = freeAfter[c - lo + 1] + (exitAt[c + 1] ? 0 : 1);
        }
        int[] ports = new int[in.size()];
        int prev = lo - spacing;
        for (int k = 0; k < in.size(); k++) {
            int net = (int) in.get(k)[0];
            // straight below its source if that is above the box, else spread around the middle
            double desired = in.get(k)[2] >= 0 ? in.get(k)[2] : (lo + hi) / 2.0 + 2 * (k - (in.size() - 1) / 2.0);
            int remaining = in.size() - 1 - k;
            int best = -1;
            double bestCost = 0;
            for (int c = prev + spacing; c <= hi - spacing * remaining && freeAfter[c - lo] >= remaining; c++) {
                if (exitAt[c] && exitNet[c] != net) {
                    continue;
                }
                boolean crowded = (c > 0 && exitAt[c - 1] && exitNet[c - 1] != net)
                        || (c + 1 < exitAt.length && exitAt[c + 1] && exitNet[c + 1] != net);
                double cost = Math.abs(c - desired) + (crowded ? 1.5 : 0);
                if (best < 0 || cost < bestCost) {
                    best = c;
                    bestCost = cost;
                }
            }
            if (best < 0) {
                if (spacing == 1) {
                    throw new IllegalStateException("no room for a port");
                }
                return null;
            }
            ports[k] = best;
            prev = best;
        }
        return ports;
    }

    /**
     * Gives each bent net the highest free track that is below the nets it must follow, nets taken
     * from the left; two nets on one track are apart by at least one column without any line.
     * Returns the band's height in rows.
     */
    private static int assignTracks(List<Net> nets, int[] free) {
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> {
            Net x = nets.get(a);
            Net y = nets.get(b);
            return x.lo != y.lo ? Integer.compare(x.lo, y.lo) : x.hi != y.hi ? Integer.compare(x.hi, y.hi) : Integer.compare(a, b);
        });
        int bent = 0;
        for (int i = 0; i < nets.size(); i++) {
            if (nets.get(i).bent()) {
                bent++;
                if (nets.get(i).waiting == 0) {
                    ready.add(i);
                }
            }
        }
        int[] minTrack = new int[nets.size()];
        List<TreeMap<Integer, Integer>> tracks = new ArrayList<>();
        for (int done = 0; done < bent; done++) {
            if (ready.isEmpty()) {
                throw new IllegalStateException("lines that must each pass below the other");
            }
            int i = ready.poll();
            Net n = nets.get(i);
            int t = minTrack[i];
            while (t < tracks.size() && !fits(tracks.get(t), n, free)) {
                t++;
            }
            if (t == tracks.size()) {
                tracks.add(new TreeMap<>());
            }
            tracks.get(t).put(n.lo, n.hi);
            n.track = t;
            for (int k = 0; k < n.below.size; k++) {
                int b = n.below.at(k);
                minTrack[b] = Math.max(minTrack[b], t + 1);
                if (--nets.get(b).waiting == 0) {
                    ready.add(b);
                }
            }
        }
        return tracks.isEmpty() ? 1 : tracks.size() + 2;
    }

    private static boolean fits(TreeMap<Integer, Integer> track, Net n, int[] free) {
        Map.Entry<Integer, Integer> before = track.floorEntry(n.lo);
        if (before != null && !apart(before.getValue(), n.lo, free)) {
            return false;
        }
        Map.Entry<Integer, Integer> after = track.ceilingEntry(n.lo);
        return after == null || apart(n.hi, after.getKey(), free);
    }

    /** Whether a column strictly between {@code a} and {@code b} carries no line. */
    private static boolean apart(int a, int b, int[] free) {
        return a + 1 < b && free[b] - free[a + 1] > 0;
    }

    // ---- drawing

    private void render(StringBuilder out) {
        int canvasWidth = 0;
        for (int v = 0; v < items; v++) {
            canvasWidth = Math.max(canvasWidth, col[v] - offset[v] + width[v]);
        }
        Band[] bands = new Band[order.length - 1];
        int rows = 3 * order.length;
        for (int l = 0; l + 1 < order.length; l++) {
            bands[l] = band(l, canvasWidth);
            rows += bands[l].height();
        }
        char[][] canvas = new char[rows][canvasWidth];
        for (char[] row : canvas) {
            Arrays.fill(row, ' ');
        }
        int[] labelRow = new int[order.length];
        int top = 0;
        for (int l = 0; l < order.length; l++) {
            labelRow[l] = top + 1;
            for (int v : order[l]) {
                if (v >= stages) {
                    canvas[top][col[v]] = canvas[top + 1][col[v]] = canvas[top + 2][col[v]] = '|';
                    continue;
                }
                int left = col[v] - offset[v];
                int right = left + width[v] - 1;
                Arrays.fill(canvas[top], left, right + 1, '-');
                Arrays.fill(canvas[top + 2], left, right + 1, '-');
                canvas[top][left] = canvas[top][right] = canvas[top + 2][left] = canvas[top + 2][right] = '+';
                canvas[top + 1][left] = canvas[top + 1][right] = '|';
            }
            top += 3;
            if (l + 1 < order.length) {
                drawBand(canvas, top, bands[l]);
                top += bands[l].height();
            }
        }
        int layer = 0;
        for (int r = 0; r < rows; r++) {
            char[] row = canvas[r];
            int end = row.length;
            while (end > 0 && row[end - 1] == ' ') {
                end--;
            }
            if (layer < order.length && r == labelRow[layer]) {
                int c = 0;
                for (int v : order[layer]) {
                    if (v < stages) {
                        int at = col[v] - offset[v] + 1 + (width[v] - 2 - labelWidth[v]) / 2;
                        out.append(row, c, at - c).append(labels[v]);
                        c = at + labelWidth[v];
                    }
                }
                out.append(row, c, end - c);
                layer++;
            } else {
                out.append(row, 0, end);
            }
            out.append('\n');
        }
    }

    private static void drawBand(char[][] canvas, int top, Band band) {
        int bottom = top + band.height() - 1;
        for (Net n : band.nets()) {
            if (!n.bent()) {
                continue;
            }
            char[] row = canvas[top + 1 + n.track];
            for (int c = n.lo; c <= n.hi; c++) {
                if (row[c] != ' ') {
                    throw new IllegalStateException("two lines on one track at column " + c);
                }
                row[c] = '-';
            }
            for (int i = 0; i < n.exits.size + n.ports.size; i++) {
                int c = i < n.exits.size ? n.exits.at(i) : n.ports.at(i - n.exits.size);
                row[c] = glyph(c > n.lo, c < n.hi, n.exits.contains(c), n.ports.contains(c));
            }
        }
        for (Net n : band.nets()) {
            if (!n.bent()) {
                for (int r = top; r <= bottom; r++) {
                    vertical(canvas, r, n.lo);
                }
                continue;
            }
            int track = top + 1 + n.track;
            for (int i = 0; i < n.exits.size; i++) {
                for (int r = top; r < track; r++) {
                    vertical(canvas, r, n.exits.at(i));
                }
            }
            for (int i = 0; i < n.ports.size; i++) {
                for (int r = track + 1; r <= bottom; r++) {
                    vertical(canvas, r, n.ports.at(i));
                }
            }
        }
    }

    private static void vertical(char[][] canvas, int r, int c) {
        char was = canvas[r][c];
        if (was != ' ' && was != '-') {
            throw new IllegalStateException("two lines meet at row " + r + ", column " + c);
        }
        canvas[r][c] = '|';
    }

    /**
     * The character where a track meets lines. It says which way the lines go on from it, so that
     * the drawing reads one way only: {@code '} joins a line from above, {@code .} a line going down,
     * {@code +} both (only where lines of one group pass straight through), {@code -} neither.
     */
    private static char glyph(boolean left, boolean right, boolean up, boolean down) {
        if (!left && !right) {
            return '|';
        }
        if (up && down) {
            return '+';
        }
        return up ? '\'' : down ? '.' : '-';
    }

    // ---- text width

    /** Columns a terminal gives the text: two for East Asian wide characters, none for combining marks. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
                continue;
            }
            w += wide(cp) ? 2 : 1;
        }
        return w;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    /** A growable list of ints. */
    private static final class IntList {
        int[] a = new int[2];
        int size;

        static IntList[] array(int n) {
            IntList[] lists = new IntList[n];
            Arrays.setAll(lists, i -> new IntList());
            return lists;
        }

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int at(int i) {
            return a[i];
        }

        boolean contains(int v) {
            for (int i = 0; i < size; i++) {
                if (a[i] == v) {
                    return true;
                }
            }
            return false;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
