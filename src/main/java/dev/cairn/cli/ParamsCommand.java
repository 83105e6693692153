package dev.cairn.cli;

import dev.cairn.app.ParamsService;
import dev.cairn.repo.Layout;
import dev.cairn.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "params", description = "Compare the params (hyperparameters) that stages use.",
        subcommands = {ParamsCommand.Diff.class})
public final class ParamsCommand extends BaseCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(name = "diff", description = "Show params that differ between two revisions (default: HEAD and the workspace).",
            footer = {"", "Reads params.yaml and the files that stages name under 'params:' in",
                "pipeline.yaml: YAML, JSON, TOML or Python.", "",
                "Examples:", "  cairn params diff", "  cairn params diff --all --md", "  cairn params diff v1.0 --json"})
    static final class Diff extends BaseCommand {
        @Mixin
        Options.RevisionPair revisions;

        @Option(names = "--all", description = "Show unchanged params too, and every key of the params files.")
        boolean all;

        @Option(names = "--no-path", description = "Leave out the Path column.")
        boolean noPath;

        @Mixin
        Options.TableOutput format;

        @Override
        protected int execute() {
            format.check();
            var result = new ParamsService(Repository.discover(cli().cwd(), Layout.CAIRN)).diff(revisions.a, revisions.b, all);
            DiffOutput.print(out(), result, "Param", null, format, noPath);
            return ExitCodes.OK;
        }
    }
}
