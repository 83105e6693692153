package dev.cairn.cli;

import dev.cairn.app.Session;
import dev.cairn.app.StageService;
import dev.cairn.pipeline.Stage;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stage", description = "Add pipeline stages and list them.",
        subcommands = {StageCommand.Add.class, StageCommand.ListStages.class})
public final class StageCommand extends BaseCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(name = "add", description = "Add a stage to pipeline.yaml (run it with 'cairn repro').",
            footerHeading = "%nExamples:%n",
            footer = {"  cairn stage add -n train -d data/prepared -d train.py -p lr,epochs -o model.pt \\",
                      "      -M metrics.json python train.py"})
    public static final class Add extends BaseCommand {
        @Option(names = {"-n", "--name"}, required = true, description = "Name of the stage.")
        String name;
        @Option(names = {"-d", "--deps"}, paramLabel = "PATH", description = "A dependency (repeatable).")
        List<String> deps = new ArrayList<>();
        @Option(names = {"-p", "--params"}, paramLabel = "[FILE:]KEYS", description = "Parameters, e.g. lr,epochs or other.yaml:a,b (repeatable).")
        List<String> params = new ArrayList<>();
        @Option(names = {"-o", "--outs"}, paramLabel = "PATH", description = "An output stored in the cache (repeatable).")
        List<String> outs = new ArrayList<>();
        @Option(names = {"-O", "--outs-no-cache"}, paramLabel = "PATH", description = "An output Git tracks instead of the cache.")
        List<String> outsNoCache = new ArrayList<>();
        @Option(names = {"-m", "--metrics"}, paramLabel = "PATH", description = "A metrics file stored in the cache.")
        List<String> metrics = new ArrayList<>();
        @Option(names = {"-M", "--metrics-no-cache"}, paramLabel = "PATH", description = "A metrics file Git tracks.")
        List<String> metricsNoCache = new ArrayList<>();
        @Option(names = "--plots", paramLabel = "PATH", description = "A plots file.")
        List<String> plots = new ArrayList<>();
        @Option(names = {"-w", "--wdir"}, paramLabel = "DIR", description = "Directory the command runs in, relative to pipeline.yaml.")
        String wdir;
        @Option(names = "--desc", description = "A description of the stage.")
        String desc;
        @Option(names = "--always-changed", description = "Run the stage on every repro.")
        boolean alwaysChanged;
        @Option(names = {"-f", "--force"}, description = "Replace a stage of the same name.")
        boolean force;
        @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command (everything after the options).")
        List<String> command;

        @Override
        protected int execute() {
            try (Session s = openSession(0).lock()) {
                java.nio.file.Path file = new StageService(s).add(new StageService.NewStage(name, shellJoin(command),
                        wdir, deps, params, outs, outsNoCache, metrics, metricsNoCache, plots, desc, alwaysChanged), force);
                out().println("Added stage '" + name + "' to " + shown(file) + ". Run it with 'cairn repro " + name + "'.");
            }
            return ExitCodes.OK;
        }
    }

    /** One argument is the command as written; several are joined with the quoting a shell needs to split them back. */
    static String shellJoin(List<String> args) {
        if (args.size() == 1) {
            return args.get(0);
        }
        List<String> quoted = new ArrayList<>();
        for (String a : args) {
            quoted.add(!a.isEmpty() && a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    @Command(name = "list", description = "List the stages of the pipeline.")
    public static final class ListStages extends BaseCommand {
        @Override
        protected int execute() {
            try (Session s = openSession(0)) {
                List<Stage> stages = s.pipelines().pipeline().stages();
                int width = stages.stream().mapToInt(st -> st.address().length()).max().orElse(0);
                for (Stage st : stages) {
                    String about = st.spec().desc() != null ? st.spec().desc()
                            : st.outs().isEmpty() ? "" : "Outputs " + String.join(", ", st.outs().stream().map(o -> o.spec().path()).toList());
                    out().println(String.format("%-" + width + "s  %s", st.address(), about).stripTrailing()
                            + (st.spec().frozen() ? "  (frozen)" : ""));
                }
            }
            return ExitCodes.OK;
        }
    }
}
