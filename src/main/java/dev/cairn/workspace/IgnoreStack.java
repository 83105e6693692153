package dev.cairn.workspace;

import dev.cairn.git.IgnoreRules;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code .cairnignore} rules that apply in one directory: its own file and those of its
 * ancestors up to the repository root, the deepest deciding first (as with .gitignore).
 */
public final class IgnoreStack {

    private final IgnoreStack parent;
    private final Path base;
    private final IgnoreRules rules;

    private IgnoreStack(IgnoreStack parent, Path base, IgnoreRules rules) {
        this.parent = parent;
        this.base = base;
        this.rules = rules;
    }

    /** No rules at all: nothing is ignored. */
    public static IgnoreStack none() {
        return new IgnoreStack(null, Path.of(""), IgnoreRules.EMPTY);
    }

    /** The rules that apply inside {@code dir}, read from {@code root} down to {@code dir}. */
    public static IgnoreStack forDirectory(Path root, Path dir, String fileName) {
        IgnoreStack stack = new IgnoreStack(null, root, read(root, fileName));
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            stack = stack.enter(current, fileName);
        }
        return stack;
    }

    /** The stack for a subdirectory, adding its own ignore file if it has one. */
    public IgnoreStack enter(Path dir, String fileName) {
        IgnoreRules own = read(dir, fileName);
        return own.isEmpty() ? this : new IgnoreStack(this, dir, own);
    }

    private static IgnoreRules read(Path dir, String fileName) {
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return IgnoreRules.EMPTY;
        }
        return IgnoreRules.parse(AtomicFiles.readString(file));
    }

    public boolean isIgnored(Path path, boolean isDirectory) {
        for (IgnoreStack s = this; s != null; s = s.parent) {
            if (s.rules.isEmpty()) {
                continue;
            }
            Boolean verdict = s.rules.match(SafePaths.toPosix(s.base.relativize(path)), isDirectory);
            if (verdict != null) {
                return verdict;
            }
        }
        return false;
    }
}
