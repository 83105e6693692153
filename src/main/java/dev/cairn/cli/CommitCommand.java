package dev.cairn.cli;

import dev.cairn.app.AddService;
import dev.cairn.app.Pipelines;
import dev.cairn.app.ReproService;
import dev.cairn.app.Session;
import dev.cairn.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = "Record the current content of tracked outputs and stages in their manifests, lock files and the cache.",
        footer = {"", "Examples:", "  cairn commit", "  cairn commit data.cairn", "  cairn commit train   # a stage whose command you ran by hand"})
public final class CommitCommand extends BaseCommand {

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Manifests, tracked paths or stages (default: all).")
    List<String> targets;

    @Option(names = {"-f", "--force"}, description = "Commit without asking (Cairn never asks; kept for DVC compatibility).")
    boolean force;

    @Mixin
    Options.Jobs jobs;

    @Override
    protected int execute() {
        try (Session s = openSession(jobs.jobs).lock()) {
            Pipelines.Targets split = s.pipelines().split(targets, this::resolve);
            if (!split.paths().isEmpty() || split.stages().isEmpty()) {
                for (AddService.Added a : new AddService(s).commit(split.paths())) {
                    if (a.changed()) {
                        out().println("Committed " + a.path() + " (" + a.manifest() + ")");
                    }
                }
            }
            if (s.pipelines().any() && split.paths().isEmpty()) {
                for (Stage st : new ReproService(s).commitStages(split.stages())) {
                    out().println("Committed stage '" + st + "' (" + shown(st.lockFile()) + ")");
                }
            }
        }
        return ExitCodes.OK;
    }
}
