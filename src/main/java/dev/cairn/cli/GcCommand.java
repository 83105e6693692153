package dev.cairn.cli;

import dev.cairn.app.GcService;
import dev.cairn.app.Session;
import dev.cairn.hash.ObjectId;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", description = "Delete cache objects that the manifests in scope do not use.")
public final class GcCommand extends BaseCommand {

    @Option(names = {"-w", "--workspace"}, description = "Keep what the current workspace's manifests use.")
    boolean workspace;

    @Option(names = "--dry", description = "Only list what would be deleted.")
    boolean dry;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    protected int execute() throws IOException {
        try (Session s = openSession(0).lock()) {
            GcService gc = new GcService(s);
            GcService.Plan plan = gc.plan(workspace);
            if (plan.unused().isEmpty()) {
                out().println("Nothing to collect: all " + plan.kept() + " cache object(s) are in use.");
                return ExitCodes.OK;
            }
            String summary = plan.unused().size() + " unused object(s), " + humanBytes(plan.bytes())
                    + "; keeping " + plan.kept();
            if (dry) {
                for (ObjectId id : plan.unused()) {
                    out().println("would remove " + id);
                }
                out().println(summary);
                return ExitCodes.OK;
            }
            if (!force) {
                out().print(summary + ". Delete them? [y/N] ");
                out().flush();
                String answer = cli().in() == null ? null : cli().in().readLine();
                if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                    err().println("Aborted: nothing deleted (use -f to skip the question).");
                    return ExitCodes.FAILED;
                }
            }
            gc.execute(plan);
            out().println("Removed " + summary);
        }
        return ExitCodes.OK;
    }

    static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
