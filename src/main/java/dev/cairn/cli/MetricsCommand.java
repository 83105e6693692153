package dev.cairn.cli;

import dev.cairn.app.MetricsService;
import dev.cairn.manifest.Values;
import dev.cairn.manifest.YNode;
import dev.cairn.repo.Layout;
import dev.cairn.repo.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "metrics", description = "Show and compare the metrics that stages write.",
        subcommands = {MetricsCommand.Show.class, MetricsCommand.Diff.class})
public final class MetricsCommand extends BaseCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** {@code --precision}, shared by show and diff. */
    static final class Precision {
        @Option(names = "--precision", paramLabel = "N", description = "Round numbers to N digits after the point (default: 5).")
        int digits = 5;

        int checked() {
            if (digits < 0) {
                throw dev.cairn.util.CairnException.badInput("--precision must be 0 or more");
            }
            return digits;
        }
    }

    @Command(name = "show", description = "Print the numbers in the metrics files, one row per file (and revision).",
            footer = {"", "Reads the files under 'metrics:' in pipeline.yaml (JSON, YAML or TOML);",
                "nested keys are joined with dots, as in train.loss.", "",
                "Examples:", "  cairn metrics show", "  cairn metrics show --md --precision 3", "  cairn metrics show --json",
                "  cairn metrics show -a -T       the workspace, every branch and every tag"})
    static final class Show extends BaseCommand {
        @Mixin
        Options.TableOutput format;

        @Mixin
        Precision precision;

        @Mixin
        Options.Revisions revisions;

        @Override
        protected int execute() {
            format.check();
            int digits = precision.checked();
            MetricsService service = new MetricsService(Repository.discover(cli().cwd(), Layout.CAIRN));
            List<MetricsService.RevisionMetrics> all = service.show(revisions.scope(true, null));
            boolean byRevision = all.size() > 1;
            for (MetricsService.RevisionMetrics r : all) {
                for (MetricsService.FileMetrics f : r.files()) {
                    if (f.problem() != null) {
                        err().println("WARNING: " + (byRevision ? r.revision() + ":" : "") + f.path() + ": " + f.problem());
                    }
                }
            }
            if (format.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                for (MetricsService.RevisionMetrics r : all) {
                    Map<String, Object> files = new LinkedHashMap<>();
                    for (MetricsService.FileMetrics f : r.files()) {
                        if (f.problem() == null) {
                            Map<String, Object> values = new LinkedHashMap<>();
                            f.metrics().forEach((k, v) -> values.put(k, Values.number(v)));
                            files.put(f.path(), values);
                        }
                    }
                    if (byRevision) {
                        json.put(r.revision(), files);
                    } else {
                        json.putAll(files);
                    }
                }
                out().println(Json.write(json));
                return ExitCodes.OK;
            }
            // DVC's layout: one column per metric, one row per file (and revision)
            Set<String> keys = new LinkedHashSet<>();
            all.forEach(r -> r.files().forEach(f -> keys.addAll(f.metrics().keySet())));
            List<String> header = new ArrayList<>(byRevision ? List.of("Revision", "Path") : List.of("Path"));
            header.addAll(keys);
            Table table = new Table(header);
            for (MetricsService.RevisionMetrics r : all) {
                for (MetricsService.FileMetrics f : r.files()) {
                    if (f.problem() != null) {
                        continue;
                    }
                    List<String> row = new ArrayList<>(byRevision ? List.of(r.revision(), f.path()) : List.of(f.path()));
                    for (String key : keys) {
                        YNode v = f.metrics().get(key);
                        row.add(v == null ? ValueText.ABSENT : ValueText.rounded(v, digits));
                    }
                    table.add(row);
                }
            }
            out().print(format.markdown ? table.markdown() : table.plain());
            return ExitCodes.OK;
        }
    }

    @Command(name = "diff", description = "Show metrics that differ between two revisions (default: HEAD and the workspace).",
            footer = {"", "Examples:", "  cairn metrics diff", "  cairn metrics diff --all --md", "  cairn metrics diff main --json",
                "  cairn metrics diff v1.0 v2.0"})
    static final class Diff extends BaseCommand {
        @Mixin
        Options.RevisionPair revisions;

        @Option(names = "--all", description = "Show unchanged metrics too.")
        boolean all;

        @Option(names = "--no-path", description = "Leave out the Path column.")
        boolean noPath;

        @Mixin
        Options.TableOutput format;

        @Mixin
        Precision precision;

        @Override
        protected int execute() {
            format.check();
            var result = new MetricsService(Repository.discover(cli().cwd(), Layout.CAIRN)).diff(revisions.a, revisions.b, all);
            DiffOutput.print(out(), result, "Metric", precision.checked(), format, noPath);
            return ExitCodes.OK;
        }
    }
}
