package dev.cairn.cli;

import dev.cairn.app.AddService;
import dev.cairn.app.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = "Record the current content of tracked outputs in their manifests and the cache.")
public final class CommitCommand extends BaseCommand {

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Manifests or tracked paths (default: all).")
    List<String> targets;

    @Option(names = {"-f", "--force"}, description = "Commit without asking (Cairn never asks; kept for DVC compatibility).")
    boolean force;

    @Mixin
    Options.Jobs jobs;

    @Override
    protected int execute() {
        try (Session s = openSession(jobs.jobs).lock()) {
            for (AddService.Added a : new AddService(s).commit(resolveAll(targets))) {
                if (a.changed()) {
                    out().println("Committed " + a.path() + " (" + a.manifest() + ")");
                }
            }
        }
        return ExitCodes.OK;
    }
}
