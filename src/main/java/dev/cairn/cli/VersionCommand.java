package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cairn version}: the version and the commit it was built from. */
@Command(name = "version", description = "Print the version of Cairn.")
public final class VersionCommand extends BaseCommand {

    @Override
    protected int execute() {
        for (String line : new Provider().getVersion()) {
            out().println(line);
        }
        return ExitCodes.OK;
    }

    /** Reads the version that the build wrote into the jar. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/cairn/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // fall back to unknown
            }
            String version = p.getProperty("version", "unknown");
            String commit = p.getProperty("commit", "");
            return new String[] {"cairn " + version + (commit.isBlank() || commit.startsWith("$") ? "" : " (" + commit + ")")};
        }
    }
}
