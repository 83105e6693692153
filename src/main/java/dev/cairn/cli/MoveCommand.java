package dev.cairn.cli;

import dev.cairn.app.MoveService;
import dev.cairn.app.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "move", description = "Rename a tracked file or directory together with its manifest.")
public final class MoveCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "SRC", description = "Tracked path (or its manifest).")
    String src;

    @Parameters(index = "1", paramLabel = "DST", description = "New path, or an existing directory to move into.")
    String dst;

    @Override
    protected int execute() {
        try (Session s = openSession(1).lock()) {
            MoveService.Moved m = new MoveService(s).move(resolve(src), resolve(dst));
            out().println("Moved " + m.from() + " to " + m.to() + " (" + m.manifest() + ")");
        }
        return ExitCodes.OK;
    }
}
