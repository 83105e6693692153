package dev.cairn.app;

import dev.cairn.manifest.Values;
import dev.cairn.manifest.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One value compared between two revisions. {@code oldValue} or {@code newValue} is null where
 * the revision lacks the key; {@code delta} is {@code new - old} when both are numbers.
 */
public record ValueDiff(String path, String key, YNode oldValue, YNode newValue, Number delta) {

    public boolean changed() {
        return !Values.same(oldValue, newValue);
    }

    /** Both revisions' values of a whole comparison, with the revisions' names. */
    public record Result(String oldRevision, String newRevision, List<ValueDiff> values) {
    }

    /**
     * Compares the values of two revisions, file by file ({@code path → key → value}); files and
     * keys sorted; unchanged values only with {@code withUnchanged}.
     */
    static List<ValueDiff> compare(Map<String, Map<String, YNode>> older, Map<String, Map<String, YNode>> newer,
                                   boolean withUnchanged) {
        List<ValueDiff> result = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(older.keySet());
        paths.addAll(newer.keySet());
        for (String path : paths) {
            Map<String, YNode> a = older.getOrDefault(path, Map.of());
            Map<String, YNode> b = newer.getOrDefault(path, Map.of());
            TreeMap<String, Boolean> keys = new TreeMap<>();
            a.keySet().forEach(k -> keys.put(k, true));
            b.keySet().forEach(k -> keys.put(k, true));
            for (String key : keys.keySet()) {
                ValueDiff d = of(path, key, a.get(key), b.get(key));
                if (withUnchanged || d.changed()) {
                    result.add(d);
                }
            }
        }
        return result;
    }

    static ValueDiff of(String path, String key, YNode older, YNode newer) {
        Number x = Values.number(older);
        Number y = Values.number(newer);
        return new ValueDiff(path, key, older, newer, x != null && y != null ? Values.subtract(y, x) : null);
    }
}
