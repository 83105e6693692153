package dev.cairn.git;

import dev.cairn.util.AtomicFiles;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code /name} entries in the {@code .gitignore} next to a tracked path, so Git ignores the
 * data while tracking its manifest. Edits are idempotent and leave other lines alone.
 */
public final class GitIgnoreFile {

    private GitIgnoreFile() {
    }

    /** The entry for {@code name}, with gitignore's special characters escaped. */
    static String entry(String name) {
        StringBuilder sb = new StringBuilder("/");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\' || (i == 0 && (c == '!' || c == '#'))) {
                sb.append('\\');
            }
            sb.append(c);
        }
        if (name.endsWith(" ")) {
            sb.insert(sb.length() - 1, '\\');
        }
        return sb.toString();
    }

    /** Adds {@code /name} to {@code dir/.gitignore}; returns whether the file changed. */
    public static boolean add(Path dir, String name) {
        Path file = dir.resolve(".gitignore");
        List<String> lines = read(file);
        String entry = entry(name);
        if (lines.contains(entry)) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append('\n');
        }
        text.append(entry).append('\n');
        AtomicFiles.write(file, text.toString());
        return true;
    }

    /** Removes {@code /name} from {@code dir/.gitignore}, deleting the file when nothing is left. */
    public static boolean remove(Path dir, String name) {
        Path file = dir.resolve(".gitignore");
        List<String> lines = read(file);
        if (!lines.remove(entry(name))) {
            return false;
        }
        try {
            if (lines.stream().allMatch(String::isBlank)) {
                Files.deleteIfExists(file);
                return true;
            }
        } catch (IOException e) {
            throw IoErrors.failure("update", file, e);
        }
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append('\n');
        }
        AtomicFiles.write(file, text.toString());
        return true;
    }

    private static List<String> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }
}
