package dev.cairn.cli;

import dev.cairn.app.ReproService;
import dev.cairn.app.Session;
import dev.cairn.pipeline.Stage;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repro", description = "Run the pipeline stages whose dependencies, parameters or command changed.",
        footerHeading = "%nExamples:%n",
        footer = {"  cairn repro                 run every stale stage, upstream first",
                  "  cairn repro train -j 4      bring 'train' up to date, four stages at a time",
                  "  cairn repro --dry           show what would run and why",
                  "  cairn repro -f -s evaluate  rerun only 'evaluate', even if unchanged"})
public final class ReproCommand extends BaseCommand {

    @Parameters(arity = "0..*", paramLabel = "STAGE", description = "Stages to bring up to date (default: all).")
    List<String> targets = List.of();

    @Option(names = {"-f", "--force"}, description = "Run the selected stages even if nothing changed (never from the run cache).")
    boolean force;

    @Option(names = {"-s", "--single-item"}, description = "Only the named stages, not the stages they depend on.")
    boolean single;

    @Option(names = "--downstream", description = "The named stages and every stage that depends on them.")
    boolean downstream;

    @Option(names = "--dry", description = "Show what would run, and why, without running anything.")
    boolean dry;

    @Option(names = {"-k", "--keep-going"}, description = "After a failure, keep running the stages that do not depend on it.")
    boolean keepGoing;

    @Option(names = "--no-commit", description = "Do not store outputs in the cache (the lock file is still written).")
    boolean noCommit;

    @Option(names = "--no-run-cache", description = "Always run commands; never restore outputs from earlier runs.")
    boolean noRunCache;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Run up to N independent stages at once (default: 1).")
    int jobs = 1;

    @Override
    protected int execute() {
        if (jobs < 1) {
            throw dev.cairn.util.CairnException.badInput("--jobs must be at least 1");
        }
        try (Session s = openSession(0)) {
            if (!dry) {
                s.lock();
            }
            ReproService service = new ReproService(s);
            boolean prefix = jobs > 1;
            ReproService.Result r = service.repro(new ReproService.Options(targets, force, single, downstream, dry,
                    keepGoing, noCommit, noRunCache, jobs), new ReproService.Listener() {
                        @Override
                        public void stage(Stage stage, String message) {
                            print(message);
                        }

                        @Override
                        public void output(Stage stage, String line) {
                            print(prefix ? "[" + stage + "] " + line : line);
                        }
                    });
            for (Map.Entry<Stage, String> f : r.schedule().failed().entrySet()) {
                err().println("ERROR: " + f.getValue());
            }
            if (!r.schedule().notRun().isEmpty()) {
                err().println("Not run because of the failure: " + String.join(", ",
                        r.schedule().notRun().stream().map(Stage::address).toList()));
            }
            if (!r.schedule().ok()) {
                return ExitCodes.FAILED;
            }
            if (!dry && r.ran().isEmpty() && r.restored().isEmpty()) {
                out().println("Data and pipelines are up to date.");
            } else if (!dry) {
                out().println("Use `git add " + lockFiles(s) + "` to record the new state.");
            }
        }
        return ExitCodes.OK;
    }

    private String lockFiles(Session s) {
        return String.join(" ", s.pipelines().pipeline().stages().stream()
                .map(st -> shown(st.lockFile())).distinct().toList());
    }

    private void print(String line) {
        synchronized (this) {
            out().println(line);
            out().flush();
        }
    }
}
