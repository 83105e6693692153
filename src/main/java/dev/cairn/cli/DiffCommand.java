package dev.cairn.cli;

import dev.cairn.app.DiffService;
import dev.cairn.app.Session;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diff", description = "Show tracked files added, deleted, modified or renamed between revisions.",
        footer = {"", "Compares HEAD with the workspace by default; with one revision, that revision",
            "with the workspace; with two, the first with the second. Files inside tracked",
            "directories are listed too; the directory itself shows with a trailing '/'.", "",
            "Examples:", "  cairn diff", "  cairn diff HEAD~1 HEAD", "  cairn diff v1.0 --targets data/images --md",
            "  cairn diff main exp --json --show-hash"})
public final class DiffCommand extends BaseCommand {

    @Mixin
    Options.RevisionPair revisions;

    @Option(names = "--targets", arity = "1..*", paramLabel = "PATH",
            description = "Only these tracked outputs, or paths inside them (put revisions before this option).")
    List<String> targets;

    @Option(names = "--show-hash", description = "Show the hash of each entry.")
    boolean showHash;

    @Option(names = "--hide-missing", description = "Leave out the files whose objects the cache lacks ('not in cache').")
    boolean hideMissing;

    @Mixin
    Options.TableOutput format;

    @Mixin
    Options.Jobs jobs;

    @Override
    protected int execute() {
        format.check();
        // as DVC: "not in cache" is about what a checkout of the old revision would lack, so only
        // when comparing with the workspace
        boolean withMissing = revisions.b == null && !hideMissing;
        DiffService.Result result;
        try (Session s = openSession(jobs.jobs)) {
            result = new DiffService(s).diff(revisions.a, revisions.b, resolveAll(targets), withMissing);
        }
        warnMissingTrees(result.missingTrees());
        DataDiffOutput output = new DataDiffOutput(result, showHash, withMissing);
        if (format.json) {
            out().println(Json.write(output.json()));
        } else if (format.markdown) {
            out().print(output.markdown());
        } else {
            out().print(output.plain());
        }
        // the output-level comparison is exact even without a tree: what is known is printed and
        // the command succeeds, as in DVC; the warning says what to fetch for the details
        return ExitCodes.OK;
    }

    private void warnMissingTrees(List<DiffService.MissingTree> missing) {
        Set<String> revisions = new LinkedHashSet<>();
        for (DiffService.MissingTree m : missing) {
            err().println("WARNING: the tree of " + m.path() + "/ at " + m.revision() + " (" + m.id()
                    + ") is not in the cache: the files inside it are not compared");
            revisions.add(m.revision());
        }
        for (String rev : revisions) {
            err().println("hint: 'cairn fetch --rev " + rev + "' gets the data of " + rev + ", trees included, from the remote");
        }
    }
}
