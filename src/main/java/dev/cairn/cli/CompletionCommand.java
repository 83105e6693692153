package dev.cairn.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn completion bash|zsh}: a completion script generated from the command tree. */
@Command(name = "completion", description = "Print a shell completion script (bash or zsh).",
        footer = {"", "Examples:", "  source <(cairn completion bash)",
            "  cairn completion zsh > \"${fpath[1]}/_cairn\"   # zsh loads it through bashcompinit"})
public final class CompletionCommand extends BaseCommand {

    /** The shells the generated script supports. */
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    protected int execute() {
        // picocli's script is bash; zsh runs it after loading bashcompinit
        String script = AutoComplete.bash("cairn", spec.root().commandLine());
        if (shell == Shell.zsh) {
            out().println("autoload -U +X compinit && compinit");
            out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        out().print(script);
        return ExitCodes.OK;
    }
}
