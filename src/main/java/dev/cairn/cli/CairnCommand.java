package dev.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of the command tree. */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Version data and models next to your code in Git.")
public final class CairnCommand implements Runnable {

    /**
     * The commands, in the order of the reference. Not in the annotation: building a command's
     * model is most of picocli's start-up, and one invocation needs one command ({@link Main}).
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            InitCommand.class,
            AddCommand.class,
            CheckoutCommand.class,
            StatusCommand.class,
            CommitCommand.class,
            RemoveCommand.class,
            MoveCommand.class,
            UnprotectCommand.class,
            GcCommand.class,
            FsckCommand.class,
            RemoteCommand.class,
            TransferCommands.Push.class,
            TransferCommands.Fetch.class,
            TransferCommands.Pull.class,
            ReproCommand.class,
            StageCommand.class,
            DagCommand.class,
            FreezeCommands.Freeze.class,
            FreezeCommands.Unfreeze.class,
            ParamsCommand.class,
            MetricsCommand.class,
            InstallCommand.class,
            MergeDriverCommand.class,
            ImportCommands.Get.class,
            ImportCommands.Import.class,
            ImportCommands.Update.class,
            ImportCommands.Ls.class,
            DiffCommand.class,
            ConfigCommand.class,
            CompletionCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
