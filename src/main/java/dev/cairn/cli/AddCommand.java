package dev.cairn.cli;

import dev.cairn.app.AddService;
import dev.cairn.app.Session;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Track files or directories: store them in the cache and write <path>.cairn.",
        footer = {"", "Examples:", "  cairn add data/images", "  cairn add --glob 'models/*.pt'"})
public final class AddCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "Files or directories to track.")
    List<String> targets;

    @Option(names = "--no-commit", description = "Write the manifest but do not store the data in the cache.")
    boolean noCommit;

    @Option(names = "--glob", description = "Treat targets as glob patterns.")
    boolean glob;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH", description = "Copy the target to PATH in the workspace and track it there.")
    String out;

    @Mixin
    Options.Jobs jobs;

    @Override
    protected int execute() {
        try (Session s = openSession(jobs.jobs).lock()) {
            List<AddService.Added> added = new AddService(s).add(targets, noCommit, glob, out);
            List<String> toStage = new ArrayList<>();
            for (AddService.Added a : added) {
                String manifest = shown(s.repo().root().resolve(a.manifest()));
                toStage.add(manifest);
                String gitignore = shown(s.repo().root().resolve(a.path()).getParent().resolve(".gitignore"));
                if (s.repo().gitRoot().isPresent() && !toStage.contains(gitignore)) {
                    toStage.add(gitignore);
                }
            }
            if (s.repo().gitRoot().isPresent() && !toStage.isEmpty()) {
                out().println();
                out().println("To track the changes with git, run:");
                out().println();
                out().println("\tgit add " + String.join(" ", toStage));
            }
        }
        return ExitCodes.OK;
    }
}
