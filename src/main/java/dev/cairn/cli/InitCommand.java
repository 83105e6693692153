package dev.cairn.cli;

import dev.cairn.app.InitService;
import dev.cairn.repo.Layout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create a Cairn repository at the top of the Git work tree.",
        footer = {"", "Examples:", "  cairn init && git add .cairn .cairnignore && git commit -m 'Use Cairn'",
                  "  cairn init --no-scm   # without Git"})
public final class InitCommand extends BaseCommand {

    @Option(names = "--no-scm", description = "Use Cairn without Git, in the current directory.")
    boolean noScm;

    @Option(names = {"-f", "--force"}, description = "Reinitialise an existing repository (the cache is kept).")
    boolean force;

    @Override
    protected int execute() {
        InitService.Initialized r = new InitService(Layout.CAIRN).init(runContext(1), noScm, force);
        out().println((r.reinitialized() ? "Reinitialized" : "Initialized") + " Cairn repository in " + r.root());
        if (r.scm()) {
            out().println();
            out().println("You can now commit the changes to git:");
            out().println();
            out().println("\tgit add .cairn .cairnignore && git commit -m \"Initialize Cairn\"");
        }
        return ExitCodes.OK;
    }
}
