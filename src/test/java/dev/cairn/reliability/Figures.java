package dev.cairn.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a reliability test run produced (kills, faults by kind, objects lost), printed and
 * kept in {@code target/reliability/<test class>.txt} so that docs/reliability.md can quote the
 * last run. One file per test class, rewritten as figures arrive.
 */
final class Figures {

    private static final Map<String, Map<String, String>> BY_CLASS = new TreeMap<>();

    private Figures() {
    }

    static synchronized void record(Class<?> test, String name, Object value) {
        Map<String, String> figures = BY_CLASS.computeIfAbsent(test.getSimpleName(), k -> new TreeMap<>());
        figures.put(name, String.valueOf(value));
        System.out.println(test.getSimpleName() + ": " + name + " = " + value);
        StringBuilder text = new StringBuilder();
        figures.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve(test.getSimpleName() + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
