package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cairn version} and {@code cairn --version}: the version and the Git commit the jar was
 * built from. The build writes both into {@code dev/cairn/version.properties} (the commit comes
 * from git-commit-id-maven-plugin; it is "unknown" for a build outside a Git checkout, and carries
 * "-dirty" when the work tree had uncommitted changes). This class is the one place that reads it.
 */
@Command(name = "version", description = "Print the version of Cairn and the Git commit it was built from.")
public final class VersionCommand extends BaseCommand {

    @Override
    protected int execute() {
        for (String line : new Provider().getVersion()) {
            out().println(line);
        }
        return ExitCodes.OK;
    }

    /** The version line, e.g. {@code cairn 0.1.0 (commit 20705c680e)}. */
    static String versionLine() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/cairn/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall back to unknown
        }
        String version = value(p, "version");
        String commit = value(p, "commit");
        if (!commit.equals("unknown") && Boolean.parseBoolean(p.getProperty("dirty"))) {
            commit += "-dirty";
        }
        return "cairn " + version + " (commit " + commit + ")";
    }

    /** The version alone, e.g. {@code 0.1.0}. */
    static String version() {
        return versionLine().split(" ")[1];
    }

    /** A property, or "unknown" when it is missing or the build left it unfiltered. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /** Serves {@code --version} of the top command. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {versionLine()};
        }
    }
}
