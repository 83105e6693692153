package dev.cairn.cli;

import dev.cairn.app.DiffService;
import dev.cairn.app.DiffService.Change;
import dev.cairn.app.DiffService.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints {@code cairn diff} as DVC prints {@code dvc diff}: sections of paths with a files summary,
 * a Markdown table {@code | Status | Path |}, or JSON {@code {"added": [{"path": ..}], ..}}.
 */
final class DataDiffOutput {

    /** DVC's order of the sections in text and tables (its JSON puts modified before renamed). */
    private static final List<Kind> SHOWN = List.of(Kind.ADDED, Kind.DELETED, Kind.RENAMED, Kind.MODIFIED, Kind.NOT_IN_CACHE);
    private static final List<Kind> JSON = List.of(Kind.ADDED, Kind.DELETED, Kind.MODIFIED, Kind.RENAMED, Kind.NOT_IN_CACHE);

    private final DiffService.Result result;
    private final boolean showHash;
    private final List<Kind> kinds;

    DataDiffOutput(DiffService.Result result, boolean showHash, boolean withMissing) {
        this.result = result;
        this.showHash = showHash;
        this.kinds = withMissing ? SHOWN : SHOWN.subList(0, 4);
    }

    static String word(Kind kind) {
        return switch (kind) {
            case ADDED -> "added";
            case DELETED -> "deleted";
            case MODIFIED -> "modified";
            case RENAMED -> "renamed";
            case NOT_IN_CACHE -> "not in cache";
        };
    }

    private static String path(Change c) {
        return c.kind() == Kind.RENAMED ? c.before().shown() + " -> " + c.after().shown() : c.shown();
    }

    /** DVC shows the first 8 hex digits, old..new for a modification. */
    private static String digest(Change c) {
        return switch (c.kind()) {
            case ADDED -> prefix(c.after().id().value());
            case MODIFIED -> prefix(c.before().id().value()) + ".." + prefix(c.after().id().value());
            default -> prefix(c.before().id().value());
        };
    }

    private static String prefix(String hash) {
        return hash.substring(0, Math.min(8, hash.length()));
    }

    /** Sections, a blank line after each, then counts of files (directories are not counted); nothing when equal. */
    String plain() {
        StringBuilder sb = new StringBuilder();
        List<String> counts = new ArrayList<>();
        for (Kind kind : kinds) {
            List<Change> changes = result.of(kind);
            if (changes.isEmpty()) {
                continue;
            }
            String word = word(kind);
            sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1)).append(":\n");
            for (Change c : changes) {
                sb.append("    ").append(showHash ? digest(c) + "  " : "").append(path(c)).append('\n');
            }
            sb.append('\n');
            long files = changes.stream().filter(c -> !path(c).endsWith("/")).count();
            if (files > 0) {
                counts.add(files + " " + word);
            }
        }
        if (!counts.isEmpty()) {
            sb.append("files summary: ").append(String.join(", ", counts)).append('\n');
        }
        return sb.toString();
    }

    String markdown() {
        Table table = new Table(showHash ? List.of("Status", "Hash", "Path") : List.of("Status", "Path"));
        for (Kind kind : kinds) {
            for (Change c : result.of(kind)) {
                table.add(showHash ? List.of(word(kind), digest(c), path(c)) : List.of(word(kind), path(c)));
            }
        }
        return table.markdown();
    }

    /**
     * Every key is always there, even with no difference (DVC prints {@code {}} then), so that
     * scripts can index the result without checking.
     */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Kind kind : JSON) {
            if (!kinds.contains(kind)) {
                continue;
            }
            List<Object> entries = new ArrayList<>();
            for (Change c : result.of(kind)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                if (kind == Kind.RENAMED) {
                    entry.put("path", oldNew(c.before().shown(), c.after().shown()));
                } else {
                    entry.put("path", c.shown());
                }
                if (showHash) {
                    entry.put("hash", switch (kind) {
                        case ADDED -> c.after().id().value();
                        case MODIFIED -> oldNew(c.before().id().value(), c.after().id().value());
                        default -> c.before().id().value();
                    });
                }
                entries.add(entry);
            }
            json.put(word(kind), entries);
        }
        return json;
    }

    private static Map<String, Object> oldNew(String before, String after) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", before);
        m.put("new", after);
        return m;
    }
}
