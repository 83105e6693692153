package dev.cairn.cli;

import dev.cairn.app.MergeDriverService;
import dev.cairn.app.Session;
import dev.cairn.repo.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Git's merge driver for manifests, registered by {@code cairn install} as
 * {@code cairn merge-driver %O %A %B %P}. Exit 0 means merged (the result is in OURS); any other
 * exit leaves OURS as it was and Git records a conflict.
 */
@Command(name = "merge-driver", hidden = true,
        description = "Merge two versions of a manifest whose tracked directory changed on both sides (used by Git).")
public final class MergeDriverCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "ANCESTOR", description = "The common ancestor's version (Git's %%O).")
    String ancestor;

    @Parameters(index = "1", paramLabel = "OURS", description = "Our version, replaced by the result (Git's %%A).")
    String ours;

    @Parameters(index = "2", paramLabel = "THEIRS", description = "Their version (Git's %%B).")
    String theirs;

    @Parameters(index = "3", arity = "0..1", paramLabel = "PATH", description = "The manifest's path in the work tree (Git's %%P).")
    String path;

    @Override
    protected int execute() {
        Path oursFile = resolve(ours);
        Path manifest = path == null ? oursFile : resolve(path);
        String name = path == null ? ours : path;
        // Git runs the driver at the top of the work tree; the Cairn repository may lie below it
        Path dir = manifest.getParent();
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        RunContext base = runContext(1);
        RunContext here = new RunContext(dir == null ? cli().cwd() : dir, base.env(), base.clock(), 1, base.commandLine());
        List<MergeDriverService.Merged> merged;
        try (Session s = Session.open(here)) {
            merged = new MergeDriverService(s).merge(resolve(ancestor), oursFile, resolve(theirs), name);
        }
        for (MergeDriverService.Merged m : merged) {
            out().println("cairn: merged " + name + ": " + m.path() + " now holds " + m.nfiles() + " file(s), with "
                    + m.fromTheirs() + " change(s) from the other side; run 'cairn checkout' after the merge");
        }
        return ExitCodes.OK;
    }
}
