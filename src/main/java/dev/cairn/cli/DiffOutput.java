package dev.cairn.cli;

import dev.cairn.app.ValueDiff;
import dev.cairn.manifest.Values;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a comparison of values as {@code params diff} and {@code metrics diff} do in DVC: a table
 * of path, key, old value, new value (and the change), Markdown, or JSON
 * {@code {path: {key: {"old": .., "new": .., "diff": ..}}}}.
 */
final class DiffOutput {

    private DiffOutput() {
    }

    /**
     * @param title     the key column's name ("Param", "Metric")
     * @param precision digits after the point for numbers in the table; null to show them as written
     *                  and leave out the Change column
     */
    static void print(PrintWriter out, ValueDiff.Result result, String title, Integer precision,
                      Options.TableOutput format, boolean noPath) {
        if (format.json) {
            out.println(Json.write(json(result)));
            return;
        }
        List<String> header = new ArrayList<>(List.of("Path", title, result.oldRevision(), result.newRevision()));
        if (precision != null) {
            header.add("Change");
        }
        Table table = new Table(header);
        for (ValueDiff d : result.values()) {
            List<String> row = new ArrayList<>(List.of(d.path(), d.key()));
            if (precision == null) {
                row.add(ValueText.of(d.oldValue()));
                row.add(ValueText.of(d.newValue()));
            } else {
                row.add(ValueText.rounded(d.oldValue(), precision));
                row.add(ValueText.rounded(d.newValue(), precision));
                row.add(ValueText.rounded(d.delta(), precision));
            }
            table.add(row);
        }
        if (noPath) {
            table = table.without("Path");
        }
        out.print(format.markdown ? table.markdown() : table.plain());
    }

    private static Map<String, Object> json(ValueDiff.Result result) {
        Map<String, Object> files = new LinkedHashMap<>();
        for (ValueDiff d : result.values()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("old", Values.plain(d.oldValue()));
            change.put("new", Values.plain(d.newValue()));
            if (d.delta() != null) {
                change.put("diff", d.delta());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> keys = (Map<String, Object>) files.computeIfAbsent(d.path(), p -> new LinkedHashMap<>());
            keys.put(d.key(), change);
        }
        return files;
    }
}
