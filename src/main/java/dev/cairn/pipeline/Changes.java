package dev.cairn.pipeline;

import dev.cairn.manifest.LockEntry;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.ParamsFile;
import dev.cairn.manifest.YNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Why a stage must run: its state now against what {@code pipeline.lock} recorded. */
public final class Changes {

    private Changes() {
    }

    /** One reason, e.g. {@code ("modified dependency", "data/raw.csv")}. */
    public record Change(String what, String subject) {
        @Override
        public String toString() {
            return subject == null ? what : what + ": " + subject;
        }
    }

    /** The reasons {@code stage} is stale; empty when it is up to date. Frozen stages are never stale. */
    public static List<Change> of(Stage stage, LockEntry locked, StateProbe probe) {
        List<Change> changes = new ArrayList<>();
        if (stage.spec().frozen()) {
            return changes;
        }
        if (locked == null) {
            changes.add(new Change("never run", null));
            return changes;
        }
        if (stage.spec().alwaysChanged()) {
            changes.add(new Change("always changed", null));
        }
        if (!locked.cmd().equals(stage.spec().cmd())) {
            changes.add(new Change("changed command", null));
        }
        compare(changes, "dependency", stage.deps(), stage.spec().deps().stream().map(d -> d.path()).toList(),
                locked.deps(), probe, stage);
        compareParams(changes, stage, locked, probe);
        compare(changes, "output", stage.outs().stream().map(Stage.Out::path).toList(),
                stage.spec().outs().stream().map(o -> o.path()).toList(), locked.outs(), probe, stage);
        return changes;
    }

    private static void compare(List<Change> changes, String kind, List<java.nio.file.Path> paths, List<String> written,
                                List<Output> recorded, StateProbe probe, Stage stage) {
        Map<String, Output> byPath = new HashMap<>();
        for (Output o : recorded) {
            byPath.put(Stage.lockPath(o.path()), o);
        }
        for (int i = 0; i < paths.size(); i++) {
            String w = Stage.lockPath(written.get(i));
            Output before = byPath.remove(w);
            Output now = probe.observe(paths.get(i));
            if (now == null) {
                changes.add(new Change((kind.equals("output") ? "missing " : "deleted ") + kind, w));
            } else if (before == null) {
                changes.add(new Change("new " + kind, w));
            } else if (!java.util.Objects.equals(now.id(), before.id())) {
                changes.add(new Change("modified " + kind, w));
            }
        }
        for (String gone : byPath.keySet()) {
            changes.add(new Change("removed " + kind, gone));
        }
    }

    private static void compareParams(List<Change> changes, Stage stage, LockEntry locked, StateProbe probe) {
        Map<String, Map<String, YNode>> now = currentParams(stage, probe);
        for (Map.Entry<String, Map<String, YNode>> file : now.entrySet()) {
            Map<String, YNode> before = locked.params().getOrDefault(file.getKey(), new LinkedHashMap<>());
            for (Map.Entry<String, YNode> p : file.getValue().entrySet()) {
                YNode old = before.get(p.getKey());
                if (p.getValue() == null) {
                    changes.add(new Change("missing param", p.getKey() + " (" + file.getKey() + ")"));
                } else if (old == null) {
                    changes.add(new Change("new param", p.getKey()));
                } else if (!sameValue(old, p.getValue())) {
                    changes.add(new Change("changed param", p.getKey() + " (" + brief(old) + " -> " + brief(p.getValue()) + ")"));
                }
            }
            for (String key : before.keySet()) {
                if (!file.getValue().containsKey(key)) {
                    changes.add(new Change("removed param", key));
                }
            }
        }
        for (String file : locked.params().keySet()) {
            if (!now.containsKey(file)) {
                changes.add(new Change("removed params file", file));
            }
        }
    }

    /**
     * The values of a stage's params now: file name → dotted key → value (null when the key is
     * missing); a file tracked whole gives its top-level keys.
     */
    public static LinkedHashMap<String, Map<String, YNode>> currentParams(Stage stage, StateProbe probe) {
        LinkedHashMap<String, Map<String, YNode>> result = new LinkedHashMap<>();
        for (Stage.Params p : stage.params()) {
            YNode.Mapping values = probe.params(p.file());
            Map<String, YNode> keys = result.computeIfAbsent(p.name(), k -> new LinkedHashMap<>());
            if (p.ref().whole()) {
                if (values != null) {
                    keys.putAll(values.entries());
                }
            } else {
                for (String key : p.ref().keys()) {
                    keys.put(key, values == null ? null : ParamsFile.lookup(values, key));
                }
            }
        }
        return result;
    }

    /** Equal as values, ignoring where they were read; numbers compare numerically. */
    public static boolean sameValue(YNode a, YNode b) {
        return switch (a) {
            case YNode.Scalar x when b instanceof YNode.Scalar y -> {
                if (isNumber(x) && isNumber(y)) {
                    try {
                        yield new BigDecimal(x.text().replace("_", "")).compareTo(new BigDecimal(y.text().replace("_", ""))) == 0;
                    } catch (NumberFormatException e) {
                        yield x.text().equals(y.text());
                    }
                }
                yield x.type() == y.type() && (x.type() == YNode.Scalar.Type.BOOL
                        ? x.text().equalsIgnoreCase(y.text()) : x.text().equals(y.text()))
                        || x.type() == YNode.Scalar.Type.NULL && y.type() == YNode.Scalar.Type.NULL;
            }
            case YNode.Sequence x when b instanceof YNode.Sequence y -> {
                if (x.items().size() != y.items().size()) {
                    yield false;
                }
                for (int i = 0; i < x.items().size(); i++) {
                    if (!sameValue(x.items().get(i), y.items().get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case YNode.Mapping x when b instanceof YNode.Mapping y -> {
                if (!x.entries().keySet().equals(y.entries().keySet())) {
                    yield false;
                }
                for (Map.Entry<String, YNode> e : x.entries().entrySet()) {
                    if (!sameValue(e.getValue(), y.get(e.getKey()))) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    private static boolean isNumber(YNode.Scalar s) {
        return s.type() == YNode.Scalar.Type.INT || s.type() == YNode.Scalar.Type.FLOAT;
    }

    private static String brief(YNode v) {
        return v instanceof YNode.Scalar s ? s.text() : v.describe();
    }
}
