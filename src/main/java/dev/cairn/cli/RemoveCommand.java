package dev.cairn.cli;

import dev.cairn.app.RemoveService;
import dev.cairn.app.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Stop tracking outputs: delete their manifests and .gitignore entries.")
public final class RemoveCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "Manifests (.cairn) or tracked paths.")
    List<String> targets;

    @Option(names = "--outs", description = "Also delete the outputs from the workspace (only if they are safe in the cache).")
    boolean outs;

    @Option(names = {"-f", "--force"}, description = "With --outs, delete outputs even when their content is not in the cache.")
    boolean force;

    @Override
    protected int execute() {
        try (Session s = openSession(1).lock()) {
            for (String removed : new RemoveService(s).remove(resolveAll(targets), outs, force)) {
                out().println("Removed " + removed);
            }
        }
        return ExitCodes.OK;
    }
}
