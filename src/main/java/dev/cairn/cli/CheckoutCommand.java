package dev.cairn.cli;

import dev.cairn.app.CheckoutService;
import dev.cairn.app.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checkout", description = "Make the workspace match the manifests, from the cache.",
        footer = {"", "Examples:", "  git checkout v1.2 && cairn checkout", "  cairn checkout data.cairn --relink"})
public final class CheckoutCommand extends BaseCommand {

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Manifests or tracked paths (default: all).")
    List<String> targets;

    @Option(names = "--relink", description = "Recreate every file with the current cache.type, even if unchanged.")
    boolean relink;

    @Option(names = {"-f", "--force"}, description = "Overwrite or delete workspace changes that are not in the cache.")
    boolean force;

    @Mixin
    Options.Jobs jobs;

    @Override
    protected int execute() {
        try (Session s = openSession(jobs.jobs).lock()) {
            return report(new CheckoutService(s).checkout(resolveAll(targets), relink, force), out(), err());
        }
    }

    /** Prints what a checkout did and returns its exit code (shared with pull). */
    static int report(CheckoutService.Result r, java.io.PrintWriter out, java.io.PrintWriter err) {
        if (r.restored() + r.deleted() > 0) {
            out.println((r.restored() > 0 ? r.restored() + " file(s) restored" : "")
                    + (r.restored() > 0 && r.deleted() > 0 ? ", " : "")
                    + (r.deleted() > 0 ? r.deleted() + " file(s) removed" : ""));
        }
        int code = ExitCodes.OK;
        if (!r.conflicts().isEmpty()) {
            err.println("ERROR: these paths hold changes that are not in the cache and were left alone:");
            r.conflicts().forEach(p -> err.println("\t" + p));
            err.println("hint: 'cairn commit' keeps them; 'cairn checkout -f' discards them");
            code = ExitCodes.FAILED;
        }
        if (!r.missing().isEmpty()) {
            err.println("ERROR: the cache lacks the data of:");
            r.missing().forEach(p -> err.println("\t" + p));
            err.println("hint: 'cairn pull' or 'cairn fetch' gets them from a remote");
            code = ExitCodes.FAILED;
        }
        if (!r.corrupt().isEmpty()) {
            err.println("ERROR: these cache objects no longer match their hash; the paths were left as they are:");
            r.corrupt().forEach(d -> err.println("\t" + d.path() + "\t" + d.id() + "\t" + d.object()));
            err.println(FsckCommand.REPAIR_HINT);
            code = ExitCodes.FAILED;
        }
        return code;
    }
}
