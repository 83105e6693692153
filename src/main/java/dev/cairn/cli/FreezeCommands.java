package dev.cairn.cli;

import dev.cairn.app.Session;
import dev.cairn.app.StageService;
import dev.cairn.pipeline.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn freeze} and {@code cairn unfreeze}. */
final class FreezeCommands {

    private FreezeCommands() {
    }

    @Command(name = "freeze", description = "Keep stages from running: repro and status treat them as up to date.")
    public static final class Freeze extends BaseCommand {
        @Parameters(arity = "1..*", paramLabel = "STAGE")
        List<String> stages;

        @Override
        protected int execute() {
            return set(this, stages, true);
        }
    }

    @Command(name = "unfreeze", description = "Let frozen stages run again.")
    public static final class Unfreeze extends BaseCommand {
        @Parameters(arity = "1..*", paramLabel = "STAGE")
        List<String> stages;

        @Override
        protected int execute() {
            return set(this, stages, false);
        }
    }

    private static int set(BaseCommand cmd, List<String> stages, boolean frozen) {
        try (Session s = cmd.openSession(0).lock()) {
            for (Stage st : new StageService(s).setFrozen(stages, frozen)) {
                cmd.out().println((frozen ? "Froze" : "Unfroze") + " stage '" + st + "'");
            }
        }
        return ExitCodes.OK;
    }
}
