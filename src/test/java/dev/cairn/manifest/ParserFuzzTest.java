package dev.cairn.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import dev.cairn.hash.TreeEntry;
import dev.cairn.util.CairnException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests of the three parsers that read untrusted bytes: manifests
 * ({@link ManifestCodec#parse}), lock files ({@link LockFile#parse}) and trees
 * ({@link TreeCodec#decode}). Random and mutated inputs never raise anything but a bad-input
 * {@link CairnException} and never hang; valid generated documents round-trip byte for byte.
 * Generators are plain seeded {@link Random}s: the seed is fixed (set another with
 * {@code -Dcairn.fuzz.seed=N}) and printed, and every failure names the seed and the input. Sizes
 * and counts are bounded so the class runs in a few seconds.
 */
class ParserFuzzTest {

    private static final long SEED = Long.getLong("cairn.fuzz.seed", 20251127L);
    private static final int VALID = 500;
    private static final int MUTATED = 1500;
    private static final int RANDOM = 1000;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Path FILE = Path.of("/r/x.cairn");
    /** Characters that mean something to YAML or JSON, need escaping, or are astral. */
    private static final String SPECIAL = ":-[]{}&*!|>'\"#%@`,? \n\t\\/.\u00e9\u4e2d\ud83d\ude00\u0000\u0007\u0085\u2028\ufeff";
    private static final String[] YAML_WORDS = {"yes", "no", "on", "off", "null", "~", "true", "False", "1", "-1", "0x1F",
        "1e3", ".inf", ".NaN", "1_000", "2024-01-01", "-", "- a", "? x", "a: b", "#c", "&a", "*a", "!!str", "<<", "''", "\"\"",
        "4294967296", "99999999999999999999", "-0", "0o17", "+12", "!!binary", "!foo", "<<: *a", "--- ", "...", "%YAML 1.2",
        "{", "[", "\"\\u0000\"", "\"\\ud800\""};
    private static final String[] EXTRA_KEYS = {"desc", "cache", "remote", "push", "labels", "meta", "type", "x-custom"};

    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    @AfterAll
    static void log() {
        System.out.println("ParserFuzzTest: seed " + SEED + ", " + TRIED + " inputs tried, " + REFUSED
                + " refused as bad input");
    }

    // ---------------------------------------------------------------- harness

    /**
     * Runs {@code check} on {@code count} generated inputs within the time limit; a failure or a
     * hang names the seed, the iteration and the input.
     */
    private static <T> void forAll(String name, int count, Function<Random, T> generate, java.util.function.Consumer<T> check) {
        Random random = new Random(SEED ^ name.hashCode());
        Object[] current = new Object[2];
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < count; i++) {
                T input = generate.apply(random);
                current[0] = i;
                current[1] = input;
                try {
                    check.accept(input);
                } catch (AssertionError | RuntimeException e) {
                    fail(name + ": seed " + SEED + ", input " + i + " failed: " + e + "\ninput: " + show(input), e);
                }
            }
        }, () -> name + ": seed " + SEED + ": hung on input " + current[0] + ": " + show(current[1]));
    }

    private static String show(Object input) {
        String s = input instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(input);
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    /** Parsing untrusted input may succeed or refuse it as bad input, nothing else. */
    private static void survives(Runnable parse) {
        TRIED.incrementAndGet();
        try {
            parse.run();
        } catch (CairnException e) {
            assertEquals(CairnException.Kind.BAD_INPUT, e.kind(), e::getMessage);
            REFUSED.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- generators

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String hex(Random r) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }

    private static String chars(Random r, String alphabet, int min, int max) {
        StringBuilder sb = new StringBuilder();
        int n = min + r.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c) && at + 1 < alphabet.length()) {
                sb.append(c).append(alphabet.charAt(at + 1)); // keep pairs whole
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text a manifest may hold: words YAML reads as other types, punctuation, non-ASCII and astral characters. */
    private static String text(Random r) {
        return r.nextInt(4) == 0 ? pick(r, YAML_WORDS)
                : chars(r, "abcdefghijklmnopqrstuvwxyz0123456789 -_.:#'\"!&*?{}[],%@`|>\\/\u00e9\u4e2d\ud83d\ude00", 0, 24);
    }

    private static long nonNegative(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(10);
            case 1 -> Long.MAX_VALUE - r.nextInt(10);
            default -> r.nextLong() & Long.MAX_VALUE;
        };
    }

    private static YNode scalar(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> YNode.Scalar.ofBool(r.nextBoolean());
            case 1 -> YNode.Scalar.ofInt(nonNegative(r));
            default -> YNode.Scalar.ofString(text(r));
        };
    }

    private static YNode value(Random r) {
        if (r.nextInt(4) > 0) {
            return scalar(r);
        }
        List<YNode> items = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            items.add(YNode.Scalar.ofString(text(r)));
        }
        return new YNode.Sequence(items, null);
    }

    private static LinkedHashMap<String, YNode> extras(Random r, String[] keys) {
        LinkedHashMap<String, YNode> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            m.put(pick(r, keys), value(r));
        }
        return m;
    }

    private static Output output(Random r, boolean withExtras) {
        String path = text(r);
        if (path.isEmpty()) {
            path = "p";
        }
        if (r.nextInt(8) == 0) {
            return new Output(path, null, 0, null, false, false, withExtras ? extras(r, EXTRA_KEYS) : null, null);
        }
        boolean dir = r.nextBoolean();
        ObjectId id = ObjectId.parse(HashAlgorithm.MD5, hex(r) + (dir ? ".dir" : ""));
        return new Output(path, id, nonNegative(r), dir ? (int) (nonNegative(r) & Integer.MAX_VALUE) : null,
                !dir && r.nextBoolean(), withExtras && r.nextInt(5) == 0, withExtras ? extras(r, EXTRA_KEYS) : null, null);
    }

    private static Manifest manifest(Random r) {
        List<Output> outs = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            outs.add(output(r, true));
        }
        LinkedHashMap<String, YNode> top = new LinkedHashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            top.put(pick(r, new String[] {"frozen", "meta", "wdir", "md5"}), value(r));
        }
        return new Manifest(FILE, outs, top);
    }

    private static LinkedHashMap<String, LockEntry> lock(Random r) {
        LinkedHashMap<String, LockEntry> stages = new LinkedHashMap<>();
        for (int s = r.nextInt(4); s > 0; s--) {
            List<String> cmd = new ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                cmd.add(text(r));
            }
            LinkedHashMap<String, LinkedHashMap<String, YNode>> params = new LinkedHashMap<>();
            for (int i = r.nextInt(3); i > 0; i--) {
                LinkedHashMap<String, YNode> values = new LinkedHashMap<>();
                for (int j = r.nextInt(4); j > 0; j--) {
                    values.put(chars(r, "abcdefghij._", 1, 10), scalar(r));
                }
                params.put(pick(r, new String[] {"params.yaml", "conf/train.json", "p.toml"}), values);
            }
            String name = text(r);
            stages.put(name.isEmpty() ? "s" : name, new LockEntry(cmd, lockOutputs(r), params, lockOutputs(r)));
        }
        return stages;
    }

    private static List<Output> lockOutputs(Random r) {
        LinkedHashMap<String, Output> byPath = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            Output o = output(r, false);
            byPath.put(o.path(), o);
        }
        return new ArrayList<>(byPath.values());
    }

    private static Tree tree(Random r) {
        List<TreeEntry> entries = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (int i = r.nextInt(20); i > 0; i--) {
            List<String> segments = new ArrayList<>();
            for (int j = 1 + r.nextInt(3); j > 0; j--) {
                String seg = chars(r, "abcdefghijklmnopqrstuvwxyz0123456789 .-_\"\\:\u00e9\u4e2d\ue000\uffef\ud83d\ude00", 1, 8);
                segments.add(seg.isEmpty() || seg.equals(".") || seg.equals("..") ? "s" : seg);
            }
            String relpath = String.join("/", segments);
            if (SafeNames.acceptable(relpath) && paths.add(relpath)) {
                entries.add(new TreeEntry(relpath, ObjectId.parse(HashAlgorithm.MD5, hex(r))));
            }
        }
        // a file may not also be the directory of another
        entries.removeIf(e -> {
            for (int slash = e.relpath().indexOf('/'); slash > 0; slash = e.relpath().indexOf('/', slash + 1)) {
                if (paths.contains(e.relpath().substring(0, slash))) {
                    return true;
                }
            }
            return false;
        });
        return Tree.of(entries);
    }

    /** What a tree's relpath may be (what the decoder accepts: no absolute or drive-letter paths). */
    private static final class SafeNames {
        static boolean acceptable(String relpath) {
            return dev.cairn.util.SafePaths.problemWith(relpath) == null;
        }
    }

    private static String noise(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(200); i > 0; i--) {
                    sb.append((char) r.nextInt(0x10000));
                }
                yield sb.toString();
            }
            case 1 -> chars(r, SPECIAL + "abcoutspathmd5size0123456789", 0, 200);
            default -> {
                List<String> words = new ArrayList<>();
                for (int i = r.nextInt(30); i > 0; i--) {
                    words.add(r.nextBoolean() ? pick(r, YAML_WORDS) : pick(r, new String[] {"\n", "\n  ", "\n- ", ": "}));
                }
                yield String.join(r.nextBoolean() ? " " : "", words);
            }
        };
    }

    /** One to six random edits: deletions, insertions of special characters or words, changed characters, moved or indented lines. */
    static String mutate(String text, Random r) {
        StringBuilder sb = new StringBuilder(text);
        for (int i = 1 + r.nextInt(6); i > 0 && sb.length() > 0; i--) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(7)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(8)));
                case 6 -> {
                    // a number made huge, negative or odd: the values that overflow narrower types
                    java.util.regex.Matcher digits = java.util.regex.Pattern.compile("(?<=: )[0-9]+").matcher(sb);
                    List<int[]> runs = new ArrayList<>();
                    while (digits.find()) {
                        runs.add(new int[] {digits.start(), digits.end()});
                    }
                    if (!runs.isEmpty()) {
                        int[] run = runs.get(r.nextInt(runs.size()));
                        sb.replace(run[0], run[1], pick(r, new String[] {"4294967296", "2147483648", "9223372036854775808",
                            "-1", "1e400", "0x7fffffffffffffff", "1_0", "+5"}));
                    }
                }
                case 1 -> sb.insert(at, SPECIAL.charAt(r.nextInt(SPECIAL.length())));
                case 2 -> sb.insert(at, pick(r, YAML_WORDS));
                case 3 -> sb.setCharAt(at, (char) r.nextInt(0x3000));
                default -> {
                    List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
                    int a = r.nextInt(lines.size());
                    int b = r.nextInt(lines.size());
                    if (r.nextBoolean()) {
                        String t = lines.get(a);
                        lines.set(a, lines.get(b));
                        lines.set(b, t);
                    } else {
                        lines.add(a, r.nextBoolean() ? lines.get(b) : "  " + lines.get(b));
                    }
                    sb = new StringBuilder(String.join("\n", lines));
                }
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- manifests

    @Test
    void validManifestsRoundTripByteForByte() {
        forAll("manifest round trip", VALID, ParserFuzzTest::manifest, m -> {
            String canonical = ManifestCodec.render(m);
            Manifest parsed = ManifestCodec.parse(canonical, FILE, "x.cairn");
            assertEquals(canonical, ManifestCodec.render(parsed));
            assertEquals(m.outs().size(), parsed.outs().size());
            for (int i = 0; i < m.outs().size(); i++) {
                Output a = m.outs().get(i);
                Output b = parsed.outs().get(i);
                assertEquals(List.of(a.path(), String.valueOf(a.id()), a.size(), String.valueOf(a.nfiles()), a.isExec()),
                        List.of(b.path(), String.valueOf(b.id()), b.size(), String.valueOf(b.nfiles()), b.isExec()), canonical);
            }
        });
    }

    @Test
    void mutatedManifestsOnlyEverFailAsBadInput() {
        forAll("manifest mutation", MUTATED, r -> mutate(ManifestCodec.render(manifest(r)), r),
                text -> survives(() -> ManifestCodec.parse(text, FILE, "x.cairn")));
    }

    @Test
    void randomTextIsNeverMoreThanBadInput() {
        forAll("random text", RANDOM, ParserFuzzTest::noise, text -> {
            survives(() -> ManifestCodec.parse(text, FILE, "x.cairn"));
            survives(() -> LockFile.parse(text, "pipeline.lock"));
            survives(() -> TreeCodec.decode(text.getBytes(StandardCharsets.UTF_8), HashAlgorithm.MD5, "tree x"));
        });
    }

    // ---------------------------------------------------------------- lock files

    @Test
    void validLockFilesRoundTripByteForByte() {
        forAll("lock round trip", VALID, ParserFuzzTest::lock, stages -> {
            String canonical = LockFile.render(stages);
            assertEquals(canonical, LockFile.render(LockFile.parse(canonical, "pipeline.lock")));
        });
    }

    @Test
    void mutatedLockFilesOnlyEverFailAsBadInput() {
        forAll("lock mutation", MUTATED, r -> mutate(LockFile.render(lock(r)), r),
                text -> survives(() -> LockFile.parse(text, "pipeline.lock")));
    }

    // ---------------------------------------------------------------- trees

    @Test
    void validTreesRoundTripByteForByte() {
        forAll("tree round trip", VALID, ParserFuzzTest::tree, tree -> {
            byte[] canonical = TreeCodec.encode(tree);
            Tree parsed = TreeCodec.decode(canonical, HashAlgorithm.MD5, "tree x");
            assertEquals(tree.entries(), parsed.entries());
            assertArrayEquals(canonical, TreeCodec.encode(parsed));
        });
    }

    @Test
    void mutatedTreesOnlyEverFailAsBadInput() {
        forAll("tree mutation", MUTATED, r -> mutate(new String(TreeCodec.encode(tree(r)), StandardCharsets.US_ASCII), r),
                text -> survives(() -> TreeCodec.decode(text.getBytes(StandardCharsets.UTF_8), HashAlgorithm.MD5, "tree x")));
    }

    @Test
    void randomBytesAreNeverMoreThanABadTree() {
        forAll("random bytes", RANDOM, r -> {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            return b;
        }, bytes -> survives(() -> TreeCodec.decode(bytes, HashAlgorithm.MD5, "tree x")));
    }
}
