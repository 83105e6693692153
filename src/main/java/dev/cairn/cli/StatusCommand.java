package dev.cairn.cli;

import dev.cairn.app.Session;
import dev.cairn.app.ReproService;
import dev.cairn.app.StatusService;
import dev.cairn.pipeline.Changes;
import dev.cairn.pipeline.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show tracked data that changed since it was recorded, and stale pipeline stages.",
        footer = {"", "Examples:", "  cairn status                 what changed in the workspace (silent when nothing did)",
                  "  cairn status train           why the stage 'train' would run",
                  "  cairn status -c -a           what the default remote lacks, for every branch too",
                  "  cairn status --json"})
public final class StatusCommand extends BaseCommand {

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Manifests, tracked paths or stages (default: all).")
    List<String> targets;

    @Mixin
    Options.JsonOutput json;

    @picocli.CommandLine.Option(names = {"-c", "--cloud"}, description = "Compare the cache with a remote instead of the workspace.")
    boolean cloud;

    @picocli.CommandLine.Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote for -c (default: core.remote).")
    String remote;

    @Mixin
    Options.Jobs jobs;

    @Mixin
    Options.Revisions revisions;

    @Override
    protected int execute() {
        if (cloud) {
            return cloudStatus();
        }
        if (revisions.scope(false, null).needsGit()) {
            throw dev.cairn.util.CairnException.badInput("-a, -T, -A and --rev go with -c/--cloud");
        }
        List<StatusService.Change> changes;
        Map<Stage, List<Changes.Change>> stages = new LinkedHashMap<>();
        try (Session s = openSession(jobs.jobs)) {
            dev.cairn.app.Pipelines.Targets split = s.pipelines().split(targets, this::resolve);
            changes = split.paths().isEmpty() && !split.stages().isEmpty() ? List.of() : new StatusService(s).status(split.paths());
            if (s.pipelines().any() && split.paths().isEmpty()) {
                stages = new ReproService(s).status(split.stages());
            }
        }
        if (json.json) {
            Map<String, Object> result = toJson(changes);
            stages.forEach((stage, list) -> result.put(stage.address(), list.stream().map(Changes.Change::toString).toList()));
            out().println(Json.write(result));
            return quietVerdict(!changes.isEmpty() || !stages.isEmpty());
        }
        for (Map.Entry<Stage, List<Changes.Change>> e : stages.entrySet()) {
            out().println(e.getKey().address() + ":");
            for (Changes.Change c : e.getValue()) {
                out().println("\t" + c);
            }
        }
        String lastManifest = null;
        for (StatusService.Change c : changes) {
            if (!c.manifest().equals(lastManifest)) {
                out().println(c.manifest() + ":");
                out().println("\tchanged outs:");
                lastManifest = c.manifest();
            }
            out().printf("\t\t%-20s%s%n", label(c.state()) + ":", c.path());
            for (StatusService.FileChange f : c.files()) {
                out().printf("\t\t\t%-12s%s%n", f.change() + ":", c.path() + "/" + f.relpath());
            }
        }
        return quietVerdict(!changes.isEmpty() || !stages.isEmpty());
    }

    /** As DVC: with -q, the exit code tells what the output would have: 1 when something changed. */
    private int quietVerdict(boolean changed) {
        return quiet && changed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** DVC's words: new = only in the cache (push it), deleted = only on the remote, missing = neither. */
    private int cloudStatus() {
        List<dev.cairn.app.SyncService.CloudState> states;
        try (Session s = openSession(jobs.jobs);
             dev.cairn.odb.ObjectStore remoteStore = new dev.cairn.app.RemoteService(s.repo()).open(remote)) {
            int n = new dev.cairn.app.RemoteService(s.repo()).jobs(remote, jobs.jobs);
            try (dev.cairn.app.SyncService sync = new dev.cairn.app.SyncService(s, n, dev.cairn.progress.Progress.NONE)) {
                states = sync.cloudStatus(
                        dev.cairn.app.RevisionOutputs.inScope(s, revisions.scope(true, null), resolveAll(targets), true), remoteStore);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (dev.cairn.app.SyncService.CloudState c : states) {
            if (c.inSync()) {
                continue;
            }
            String word = c.neither() > 0 ? "missing" : c.localOnly() > 0 && c.remoteOnly() > 0 ? "mixed"
                    : c.localOnly() > 0 ? "new" : "deleted";
            result.put(c.path(), word);
            if (!json.json) {
                out().printf("\t%-12s%s  (%d only in the cache, %d only on the remote, %d in neither, %d in both)%n",
                        word + ":", c.path(), c.localOnly(), c.remoteOnly(), c.neither(), c.both());
            }
        }
        if (json.json) {
            out().println(Json.write(result));
        }
        return quietVerdict(!result.isEmpty());
    }

    private static String label(StatusService.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static Map<String, Object> toJson(List<StatusService.Change> changes) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (StatusService.Change c : changes) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", c.path());
            out.put("status", label(c.state()));
            if (!c.files().isEmpty()) {
                List<Map<String, String>> files = new ArrayList<>();
                for (StatusService.FileChange f : c.files()) {
                    Map<String, String> file = new LinkedHashMap<>();
                    file.put("path", f.relpath());
                    file.put("status", f.change());
                    files.add(file);
                }
                out.put("files", files);
            }
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) result.computeIfAbsent(c.manifest(), k -> new ArrayList<>());
            list.add(out);
        }
        return result;
    }
}
