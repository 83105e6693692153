package dev.cairn.git;

import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * Cairn's Git hooks ({@code post-checkout}, {@code pre-commit}, {@code pre-push}) and the
 * registration of its merge driver in the repository's config: what {@code cairn install} writes
 * and {@code cairn install --uninstall} takes back.
 *
 * <p>A hook that was already there is renamed {@code <name>.pre-cairn} and Cairn's hook runs it
 * first, so installing never loses a hook and uninstalling renames it back, byte for byte. Cairn's
 * hooks carry {@link #MARKER}, which is how they are told apart from anyone else's.
 */
public final class GitHooks implements AutoCloseable {

    /** The comment line that marks a hook as Cairn's. */
    public static final String MARKER = "# cairn-hook: written by 'cairn install'; 'cairn install --uninstall' removes it";
    public static final String BACKUP_SUFFIX = ".pre-cairn";
    public static final List<String> HOOKS = List.of("post-checkout", "pre-commit", "pre-push");
    /** The merge driver's name, as {@code .gitattributes} refers to it ({@code merge=cairn}). */
    public static final String DRIVER = "cairn";
    static final String DRIVER_COMMAND = "cairn merge-driver %O %A %B %P";
    static final String DRIVER_DESCRIPTION = "Cairn manifest merge driver";

    private final Repository repo;
    private final Path workTree;
    private final Path hooksDir;

    private GitHooks(Repository repo, Path workTree, Path hooksDir) {
        this.repo = repo;
        this.workTree = workTree;
        this.hooksDir = hooksDir;
    }

    /**
     * Opens the Git repository whose work tree has its top at {@code workTree} (a main or a linked
     * work tree). {@code home} expands a {@code ~} in {@code core.hooksPath}.
     */
    public static GitHooks open(Path workTree, Path home) {
        Path top = workTree.toAbsolutePath().normalize();
        Repository repo = GitRevisions.openWorkTree(top);
        try {
            return new GitHooks(repo, top, hooksDir(repo, top, home));
        } catch (RuntimeException e) {
            repo.close();
            throw e;
        }
    }

    /**
     * Where Git looks for hooks: {@code core.hooksPath} (relative to the top of the work tree, where
     * Git runs hooks), else {@code hooks/} in the common git dir, which linked work trees share.
     */
    private static Path hooksDir(Repository repo, Path top, Path home) {
        String configured = config(repo).getString(ConfigConstants.CONFIG_CORE_SECTION, null,
                ConfigConstants.CONFIG_KEY_HOOKS_PATH);
        if (configured == null || configured.isBlank()) {
            return repo.getCommonDirectory().toPath().resolve("hooks").toAbsolutePath().normalize();
        }
        String path = configured.strip();
        if (path.equals("~") || path.startsWith("~/")) {
            path = home + path.substring(1);
        }
        return top.resolve(path).toAbsolutePath().normalize();
    }

    private static StoredConfig config(Repository repo) {
        StoredConfig config = repo.getConfig();
        try {
            config.load(); // the config read when the repository was opened may be stale
        } catch (IOException | ConfigInvalidException e) {
            throw CairnException.badInput("cannot read the Git config of " + repo.getCommonDirectory() + ": " + e.getMessage());
        }
        return config;
    }

    public Path hooksDir() {
        return hooksDir;
    }

    public Path workTree() {
        return workTree;
    }

    /** The state of one hook before a change. */
    private record HookFiles(Path hook, Path backup, boolean hookExists, boolean hookIsOurs, boolean backupExists) {
    }

    private HookFiles inspect(String name) {
        Path hook = hooksDir.resolve(name);
        Path backup = hooksDir.resolve(name + BACKUP_SUFFIX);
        boolean exists = Files.exists(hook, LinkOption.NOFOLLOW_LINKS);
        return new HookFiles(hook, backup, exists, exists && isOurs(hook), Files.exists(backup, LinkOption.NOFOLLOW_LINKS));
    }

    /** Whether {@code file} is a hook Cairn wrote: a regular file holding the marker line. */
    static boolean isOurs(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).lines().anyMatch(MARKER::equals);
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }

    /**
     * Writes Cairn's hooks; {@code cairnDir} is the Cairn repository relative to the top of the work
     * tree (POSIX, empty for the top itself), where the hooks run their commands, and {@code metaDir}
     * the name of its metadata directory. Returns what was done, one line per change; empty when
     * everything was already in place.
     */
    public List<String> installHooks(String cairnDir, String metaDir) {
        List<HookFiles> hooks = HOOKS.stream().map(this::inspect).toList();
        // check every hook before changing any, so a refusal leaves all of them as they were
        for (HookFiles h : hooks) {
            if (h.hookExists() && !h.hookIsOurs() && h.backupExists()) {
                throw CairnException.state("cannot install the " + h.hook().getFileName() + " hook: " + h.hook()
                        + " is not Cairn's, and " + h.backup().getFileName() + " (the hook Cairn keeps from an earlier"
                        + " install) is there too\nhint: merge the two into " + h.hook().getFileName()
                        + " by hand or delete one, then run 'cairn install' again");
            }
        }
        AtomicFiles.createDirectories(hooksDir);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < HOOKS.size(); i++) {
            String name = HOOKS.get(i);
            HookFiles h = hooks.get(i);
            byte[] script = script(name, cairnDir, metaDir).getBytes(StandardCharsets.UTF_8);
            if (h.hookIsOurs() && sameBytes(h.hook(), script) && Files.isExecutable(h.hook())) {
                continue;
            }
            if (h.hookExists() && !h.hookIsOurs()) {
                move(h.hook(), h.backup());
                done.add("kept the existing " + name + " hook as " + shown(h.backup()) + "; Cairn's hook runs it first");
            }
            AtomicFiles.write(h.hook(), script, PosixFilePermissions.fromString("rwxr-xr-x"));
            done.add((h.hookIsOurs() ? "updated " : "wrote ") + shown(h.hook()));
        }
        return done;
    }

    /** Removes Cairn's hooks and puts back the hooks they replaced; leaves anyone else's alone. */
    public List<String> uninstallHooks() {
        List<String> done = new ArrayList<>();
        for (String name : HOOKS) {
            HookFiles h = inspect(name);
            if (h.hookIsOurs() && h.backupExists()) {
                // one rename puts the old hook back over Cairn's: there is never a moment without a hook
                try {
                    AtomicFiles.moveIntoPlace(h.backup(), h.hook());
                } catch (IOException e) {
                    throw CairnException.failed("cannot rename " + h.backup() + " to " + h.hook() + ": "
                            + IoErrors.describe(e), e);
                }
                done.add("restored " + shown(h.hook()) + " from " + h.backup().getFileName());
                continue;
            }
            if (h.hookIsOurs()) {
                try {
                    Files.delete(h.hook());
                } catch (IOException e) {
                    throw IoErrors.failure("delete", h.hook(), e);
                }
                done.add("removed " + shown(h.hook()));
                continue;
            }
            if (h.hookExists()) {
                if (h.backupExists()) {
                    done.add("left " + shown(h.hook()) + " alone: it is not Cairn's; " + shown(h.backup())
                            + " is also there");
                }
                continue;
            }
            if (h.backupExists()) {
                move(h.backup(), h.hook());
                done.add("restored " + shown(h.hook()) + " from " + h.backup().getFileName());
            }
        }
        return done;
    }

    /** Registers Cairn's merge driver in the repository's config; returns whether it changed. */
    public boolean registerMergeDriver() {
        StoredConfig config = config(repo);
        if (DRIVER_COMMAND.equals(config.getString("merge", DRIVER, "driver"))
                && DRIVER_DESCRIPTION.equals(config.getString("merge", DRIVER, "name"))) {
            return false;
        }
        config.setString("merge", DRIVER, "name", DRIVER_DESCRIPTION);
        config.setString("merge", DRIVER, "driver", DRIVER_COMMAND);
        save(config);
        return true;
    }

    /** Removes the {@code [merge "cairn"]} section; returns whether there was one. */
    public boolean unregisterMergeDriver() {
        StoredConfig config = config(repo);
        if (!config.getSubsections("merge").contains(DRIVER)) {
            return false;
        }
        config.unsetSection("merge", DRIVER);
        save(config);
        return true;
    }

    /** The file that holds the merge driver's registration. */
    public Path configFile() {
        return repo.getCommonDirectory().toPath().resolve("config");
    }

    private void save(StoredConfig config) {
        try {
            config.save(); // JGit writes a lock file and renames it into place
        } catch (IOException e) {
            throw CairnException.failed("cannot write the Git config " + configFile() + ": " + IoErrors.describe(e), e);
        }
    }

    private String shown(Path p) {
        return p.startsWith(workTree) ? workTree.relativize(p).toString() : p.toString();
    }

    private static boolean sameBytes(Path file, byte[] expected) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(file), expected);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
    }

    /** A rename that keeps the file's bytes and mode; it never replaces an existing file. */
    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw CairnException.failed("cannot rename " + from + " to " + to + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * The text of Cairn's hook {@code name}: POSIX sh that runs the hook it replaced first, then the
     * Cairn command, from the Cairn repository's directory. The {@code cairn} on PATH is used: the
     * launcher does not say where it lives, and PATH is also what Git's merge driver uses.
     */
    static String script(String name, String cairnDir, String metaDir) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n").append(MARKER).append('\n');
        s.append("# The hook that was here before is kept as ").append(name).append(BACKUP_SUFFIX)
                .append(" and runs first.\n");
        s.append("hooks_dir=$(dirname \"$0\")\n");
        s.append("if [ -x \"$hooks_dir/").append(name).append(BACKUP_SUFFIX).append("\" ]; then\n");
        s.append("    \"$hooks_dir/").append(name).append(BACKUP_SUFFIX).append("\" \"$@\" || exit $?\n");
        s.append("fi\n");
        switch (name) {
            case "post-checkout" -> {
                s.append("# $3 is 1 after a branch switch, 0 after a file checkout, which must leave the data alone\n");
                s.append("[ \"$3\" = 1 ] || exit 0\n");
                s.append("# a rebase checks out commit after commit: the data waits for its end ('cairn checkout')\n");
                s.append("for state in rebase-merge rebase-apply; do\n");
                s.append("    [ -d \"$(git rev-parse --git-path $state)\" ] && exit 0\n");
                s.append("done\n");
                s.append(cd(cairnDir, metaDir));
                s.append(findCairn("data not checked out", 0));
                s.append(runOrExplain("cairn checkout", "Git switched branches, but the data is not all checked out"));
            }
            case "pre-commit" -> {
                s.append(cd(cairnDir, metaDir));
                s.append(findCairn("data changes not checked", 0));
                s.append("# warns, never blocks: recording data is the user's call\n");
                s.append("if ! changes=$(cairn status 2>&1); then\n");
                s.append("    printf '%s\\n' \"$changes\" >&2\n");
                s.append("    echo \"cairn hook: 'cairn status' failed; committing anyway\" >&2\n");
                s.append("elif [ -n \"$changes\" ]; then\n");
                s.append("    printf '%s\\n' \"$changes\" >&2\n");
                s.append("    echo \"cairn hook: tracked data changed but was not recorded; 'cairn commit' records it\" \\\n");
                s.append("         \"(then 'git add' the manifests)\" >&2\n");
                s.append("fi\n");
                s.append("exit 0\n");
            }
            case "pre-push" -> {
                s.append(cd(cairnDir, metaDir));
                s.append(findCairn("data not pushed; 'git push --no-verify' skips this hook", 1));
                s.append(runOrExplain("cairn push", "Git did not push; 'git push --no-verify' skips this hook"));
            }
            default -> throw new IllegalArgumentException(name);
        }
        return s.toString();
    }

    private static String findCairn(String consequence, int exitCode) {
        return "if ! command -v cairn >/dev/null 2>&1; then\n"
                + "    echo \"cairn hook: 'cairn' is not on PATH; " + consequence + "\" >&2\n"
                + "    exit " + exitCode + "\n"
                + "fi\n";
    }

    /** Runs {@code command}; when it fails, says what that means for the Git command, and fails with it. */
    private static String runOrExplain(String command, String meaning) {
        return command + " || {\n"
                + "    status=$?\n"
                + "    echo \"cairn hook: '" + command + "' failed (exit $status): " + meaning + "\" >&2\n"
                + "    exit $status\n"
                + "}\n";
    }

    /**
     * Moves to the Cairn repository; a hooks directory shared by other repositories
     * ({@code core.hooksPath}) must leave those alone.
     */
    private static String cd(String dir, String metaDir) {
        return (dir.isEmpty() ? "" : "cd " + shellQuote(dir) + " 2>/dev/null || exit 0\n")
                + "[ -d " + shellQuote(metaDir) + " ] || exit 0\n";
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        repo.close();
    }
}
