package dev.cairn.git;

import dev.cairn.util.AtomicFiles;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Adds and removes one whole line of a {@code .gitattributes} file, leaving every other byte as it
 * was: adding then removing gives back the file, or its absence, unchanged (an empty file or one
 * without a final newline comes back as no file, or with a final newline).
 */
public final class GitAttributesFile {

    private GitAttributesFile() {
    }

    /** The line that sends manifests ({@code *<suffix>}) to Cairn's merge driver. */
    public static String mergeLine(String manifestSuffix) {
        return "*" + manifestSuffix + " merge=" + GitHooks.DRIVER;
    }

    /** Appends {@code line} to {@code dir/.gitattributes} unless it is there; returns whether the file changed. */
    public static boolean add(Path dir, String line) {
        Path file = dir.resolve(".gitattributes");
        String text = read(file);
        if (text != null && text.lines().anyMatch(l -> l.strip().equals(line))) {
            return false;
        }
        String before = text == null ? "" : text;
        String sep = before.isEmpty() || before.endsWith("\n") ? "" : "\n";
        AtomicFiles.write(file, before + sep + line + "\n");
        return true;
    }

    /** Removes every copy of {@code line}, deleting the file when nothing else is left; returns whether it changed. */
    public static boolean remove(Path dir, String line) {
        Path file = dir.resolve(".gitattributes");
        String text = read(file);
        if (text == null) {
            return false;
        }
        StringBuilder kept = new StringBuilder();
        boolean removed = false;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            String l = text.substring(start, end);
            if (l.strip().equals(line)) {
                removed = true;
            } else {
                kept.append(l);
            }
            start = end;
        }
        if (!removed) {
            return false;
        }
        if (kept.isEmpty()) {
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw IoErrors.failure("delete", file, e);
            }
        } else {
            AtomicFiles.write(file, kept.toString());
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }
}
