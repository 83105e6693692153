package dev.cairn.cli;

import dev.cairn.app.InstallService;
import dev.cairn.app.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "install", description = "Install Git hooks and the merge driver that keep data in step with Git.",
        footer = {"", "Hooks (in the hooks directory Git uses; core.hooksPath is honoured):",
            "  post-checkout  cairn checkout after a branch switch (not after a file",
            "                 checkout, not during a rebase)",
            "  pre-commit     warns when tracked data changed unrecorded; never blocks",
            "  pre-push       cairn push before git push",
            "A hook already there is kept as <name>.pre-cairn and runs first.",
            "Manifests merge with 'cairn merge-driver' ([merge \"cairn\"] in .git/config,",
            "'*.cairn merge=cairn' in .gitattributes). The hooks and the driver run the",
            "'cairn' on PATH.",
            "", "Examples:", "  cairn install", "  cairn install --uninstall"})
public final class InstallCommand extends BaseCommand {

    @Option(names = "--uninstall", description = "Remove Cairn's hooks and merge driver and put back the hooks they replaced.")
    boolean uninstall;

    @Override
    protected int execute() {
        InstallService.Result r;
        try (Session s = openSession(1)) {
            InstallService service = new InstallService(s);
            r = uninstall ? service.uninstall() : service.install();
        }
        r.changes().forEach(out()::println);
        if (r.changes().isEmpty()) {
            out().println(uninstall ? "Cairn's Git hooks are not installed (" + shown(r.hooksDir()) + ")"
                    : "Cairn's Git hooks are already installed in " + shown(r.hooksDir()));
        }
        return ExitCodes.OK;
    }
}
