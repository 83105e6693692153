package dev.cairn.cli;

import dev.cairn.app.GcService;
import dev.cairn.app.RemoteService;
import dev.cairn.app.Session;
import dev.cairn.hash.ObjectId;
import dev.cairn.odb.ObjectStore;
import dev.cairn.util.CairnException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gc", description = "Delete cache objects that the outputs in scope do not use.",
        footerHeading = "%nExamples:%n",
        footer = {"  cairn gc -w --dry          list what the workspace does not use",
                  "  cairn gc -w -a -T -f       keep the workspace, every branch and every tag",
                  "  cairn gc -A -c -r storage  keep every commit's data; clean the remote 'storage' too"})
public final class GcCommand extends BaseCommand {

    @Option(names = {"-w", "--workspace"}, description = "Keep what the current workspace's manifests and lock files use.")
    boolean workspace;

    @Mixin
    Options.Revisions revisions;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Keep what commits made on or after this day (UTC) use.")
    String date;

    @Option(names = {"-c", "--cloud"}, description = "Also delete the unused objects from a remote.")
    boolean cloud;

    @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote for -c (default: core.remote).")
    String remote;

    @Option(names = "--dry", description = "Only list what would be deleted.")
    boolean dry;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    protected int execute() throws IOException {
        Instant since = null;
        if (date != null) {
            try {
                since = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw CairnException.badInput("--date '" + date + "' is not a date like 2024-05-31");
            }
        }
        if (remote != null && !cloud) {
            throw CairnException.badInput("-r/--remote goes with -c/--cloud");
        }
        try (Session s = openSession(0).lock()) {
            GcService gc = new GcService(s);
            Set<ObjectId> used = gc.used(revisions.scope(workspace, since));
            GcService.Plan local = gc.plan(used);
            int code = collect("the cache", local, () -> gc.execute(local));
            if (cloud && code == ExitCodes.OK) {
                try (ObjectStore store = new RemoteService(s.repo()).open(remote)) {
                    GcService.Plan plan = gc.planRemote(used, store);
                    code = collect(store.describe(), plan, () -> gc.executeRemote(plan, store));
                }
            }
            return code;
        }
    }

    /** Shows what a plan deletes, asks unless -f or --dry, then runs it. */
    private int collect(String where, GcService.Plan plan, Runnable delete) throws IOException {
        if (plan.unused().isEmpty()) {
            out().println("Nothing to collect in " + where + ": all " + plan.kept() + " object(s) are in use.");
            return ExitCodes.OK;
        }
        String summary = plan.unused().size() + " unused object(s) in " + where
                + (plan.bytes() >= 0 ? ", " + ValueText.humanBytes(plan.bytes()) : "") + "; keeping " + plan.kept();
        if (dry) {
            for (ObjectId id : plan.unused()) {
                out().println("would remove " + id);
            }
            out().println(summary);
            return ExitCodes.OK;
        }
        if (!force) {
            plan.unused().stream().limit(10).forEach(id -> out().println("will remove " + id));
            out().print(summary + ". Delete them? [y/N] ");
            out().flush();
            String answer = cli().in() == null ? null : cli().in().readLine();
            if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                err().println("Aborted: nothing deleted from " + where + " (use -f to skip the question).");
                return ExitCodes.FAILED;
            }
        }
        delete.run();
        out().println("Removed " + summary);
        return ExitCodes.OK;
    }
}
