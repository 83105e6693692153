package dev.cairn.cli;

import dev.cairn.app.GetService;
import dev.cairn.app.ImportService;
import dev.cairn.app.LsService;
import dev.cairn.app.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get}, {@code import}, {@code update} and {@code ls}: data of other Cairn repositories. */
final class ImportCommands {

    private ImportCommands() {
    }

    private static String shortId(String commit) {
        return commit.substring(0, 8);
    }

    /** The source repository and the revision to read it at, shared by ls, get and import. */
    abstract static class Source extends BaseCommand {
        @Parameters(index = "0", paramLabel = "REPO", description = "The source repository: a directory or a Git URL.")
        String url;

        @Option(names = "--rev", paramLabel = "REV", description = "Git branch, tag or commit of the source (default: its default branch).")
        String rev;
    }

    /** What get and import download, where to, and how. */
    abstract static class Download extends Source {
        @Parameters(index = "1", paramLabel = "PATH", description = "A tracked file or directory of the source, or a path inside a tracked directory.")
        String path;

        @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to put it (default: its name, here; inside OUT when OUT is a directory).")
        String out;

        @Option(names = {"-f", "--force"}, description = "Replace what is at the destination (for import, its manifest too).")
        boolean force;

        @Mixin
        Options.Jobs jobs;
    }

    @Command(name = "get", description = "Download data tracked by another Cairn repository.",
            footer = {"", "Examples:", "  cairn get https://example.com/registry.git images/cats -o data/cats",
                "  cairn get ../registry model.pt --rev v2"})
    static final class Get extends Download {
        @Override
        protected int execute() {
            GetService.Got got = new GetService(runContext(jobs.jobs)).get(url, path, rev, out, force);
            out().println("Downloaded '" + got.path() + "' (" + got.files() + " file(s)) from " + url + " at "
                    + shortId(got.commit()) + " to " + shown(got.written()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", description = "Download and track data of another Cairn repository.",
            footer = {"", "Examples:", "  cairn import https://example.com/registry.git images/cats -o data/cats",
                "  cairn import ../registry model.pt --rev v2 && git add model.pt.cairn .gitignore"})
    static final class Import extends Download {
        @Override
        protected int execute() {
            try (Session s = openSession(jobs.jobs).lock()) {
                ImportService.Imported i = new ImportService(s).importPath(url, path, rev, out, force);
                out().println("Imported '" + path + "' from " + url + " at " + shortId(i.commit()) + " as " + i.path()
                        + " (" + i.manifest() + ")");
                return CheckoutCommand.report(i.checkout(), out(), err());
            }
        }
    }

    @Command(name = "update", description = "Refresh imported data from its source repository.",
            footer = {"", "Examples:", "  cairn update data/cats.cairn", "  cairn update model.pt.cairn --rev v3"})
    static final class Update extends BaseCommand {
        @Parameters(arity = "1..*", paramLabel = "TARGET", description = "Manifests of imports, or their paths.")
        List<String> targets;

        @Option(names = "--rev", paramLabel = "REV", description = "Git branch, tag or commit of the source to take from now on.")
        String rev;

        @Mixin
        Options.Jobs jobs;

        @Override
        protected int execute() {
            int code = ExitCodes.OK;
            try (Session s = openSession(jobs.jobs).lock()) {
                ImportService service = new ImportService(s);
                for (java.nio.file.Path target : resolveAll(targets)) {
                    ImportService.Imported i = service.update(target, rev);
                    if (i.upToDate()) {
                        out().println("'" + i.path() + "' is up to date (" + shortId(i.commit()) + ")");
                        continue;
                    }
                    out().println("Updated '" + i.path() + "' to " + shortId(i.commit())
                            + (i.changed() ? "" : " (its data did not change)"));
                    code = Math.max(code, CheckoutCommand.report(i.checkout(), out(), err()));
                }
            }
            return code;
        }
    }

    @Command(name = "ls", description = "List the files and outputs of a Cairn repository.",
            footer = {"", "Examples:", "  cairn ls https://example.com/registry.git", "  cairn ls ../registry images -R --rev v2"})
    static final class Ls extends Source {
        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A directory or file of the source (default: its top).")
        String path;

        @Option(names = {"-R", "--recursive"}, description = "List every file below, inside tracked directories too.")
        boolean recursive;

        @Option(names = "--cairn-only", description = "Only what Cairn tracks.")
        boolean cairnOnly;

        @Mixin
        Options.JsonOutput json;

        @Override
        protected int execute() {
            LsService.Listing listing = new LsService(runContext(0)).ls(url, path, rev, recursive, cairnOnly);
            if (json.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (LsService.Entry e : listing.entries()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("path", e.path());
                    row.put("isdir", e.isDir());
                    row.put("isout", e.isOut());
                    if (e.id() != null) {
                        row.put(e.id().algorithm().id(), e.id().value());
                    }
                    rows.add(row);
                }
                out().println(Json.write(rows));
            } else {
                int width = 0;
                for (LsService.Entry e : listing.entries()) {
                    width = Math.max(width, name(e).length());
                }
                for (LsService.Entry e : listing.entries()) {
                    out().println(String.format("%-" + (width + 2) + "s%s", name(e), e.isOut() ? "cairn" : "git").strip());
                }
            }
            if (listing.unopened().isEmpty()) {
                return ExitCodes.OK;
            }
            err().println("ERROR: the contents of these tracked directories are neither in the source's cache nor on its remote:");
            listing.unopened().forEach(d -> err().println("\t" + d));
            return ExitCodes.FAILED;
        }

        private static String name(LsService.Entry e) {
            return e.isDir() ? e.path() + "/" : e.path();
        }
    }
}
