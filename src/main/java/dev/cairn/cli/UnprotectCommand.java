package dev.cairn.cli;

import dev.cairn.app.Session;
import dev.cairn.app.UnprotectService;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "unprotect", description = "Replace linked, read-only tracked files with writable copies.")
public final class UnprotectCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "Manifests or tracked paths.")
    List<String> targets;

    @Mixin
    Options.Jobs jobs;

    @Override
    protected int execute() {
        try (Session s = openSession(jobs.jobs).lock()) {
            int n = new UnprotectService(s).unprotect(resolveAll(targets));
            out().println(n + " file(s) unprotected");
        }
        return ExitCodes.OK;
    }
}
