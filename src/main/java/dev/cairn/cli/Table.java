package dev.cairn.cli;

import java.util.ArrayList;
import java.util.List;

/** A text table printed as aligned columns or as GitHub-flavoured Markdown. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    void add(List<String> row) {
        rows.add(List.copyOf(row));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table without one column (for {@code --no-path}). */
    Table without(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            return this;
        }
        Table t = new Table(drop(header, i));
        rows.forEach(r -> t.add(drop(r, i)));
        return t;
    }

    private static List<String> drop(List<String> row, int i) {
        List<String> copy = new ArrayList<>(row);
        copy.remove(i);
        return copy;
    }

    /** Columns left-aligned, two spaces apart, no trailing blanks; nothing for an empty table. */
    String plain() {
        if (rows.isEmpty()) {
            return "";
        }
        int[] widths = widths();
        StringBuilder sb = new StringBuilder();
        for (List<String> row : all()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(pad(row.get(c), widths[c]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** A Markdown table; nothing for an empty table. */
    String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        int[] widths = widths();
        StringBuilder sb = new StringBuilder();
        markdownRow(sb, header, widths);
        sb.append('|');
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('|');
        }
        sb.append('\n');
        rows.forEach(r -> markdownRow(sb, r, widths));
        return sb.toString();
    }

    private static void markdownRow(StringBuilder sb, List<String> row, int[] widths) {
        sb.append('|');
        for (int c = 0; c < row.size(); c++) {
            sb.append(' ').append(pad(row.get(c).replace("|", "\\|"), widths[c])).append(" |");
        }
        sb.append('\n');
    }

    private List<List<String>> all() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private int[] widths() {
        int[] widths = new int[header.size()];
        for (List<String> row : all()) {
            for (int c = 0; c < row.size(); c++) {
                // Markdown escapes '|': measure what is printed
                widths[c] = Math.max(widths[c], row.get(c).replace("|", "\\|").length());
            }
        }
        return widths;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
