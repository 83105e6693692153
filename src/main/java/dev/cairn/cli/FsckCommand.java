package dev.cairn.cli;

import dev.cairn.app.FsckService;
import dev.cairn.app.RemoteService;
import dev.cairn.app.Session;
import dev.cairn.hash.ObjectId;
import dev.cairn.odb.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fsck", description = "Check the cache: rehash every object, find damaged and missing ones (DVC: cache verify).",
        footerHeading = "%nExamples:%n",
        footer = {"  cairn fsck                 rehash the cache, list damaged and missing objects",
                  "  cairn fsck -r storage      also check what the remote 'storage' holds",
                  "  cairn fsck --repair        move damaged objects aside, fetch good copies from the default remote"})
public final class FsckCommand extends BaseCommand {

    /** What to do about damaged cache objects, wherever they are reported. */
    static final String REPAIR_HINT = "hint: 'cairn fsck --repair' moves damaged objects aside and fetches good copies from a remote";


    @Option(names = {"-r", "--remote"}, paramLabel = "NAME",
            description = "Also check this remote: which objects it lacks, and their checksums where it reports them.")
    String remote;

    @Option(names = "--repair", description = "Move damaged objects into .cairn/cache/corrupt/ and fetch good copies "
            + "(and missing objects) from the remote (-r or core.remote).")
    boolean repair;

    @Mixin
    Options.Jobs jobs;

    @Mixin
    Options.JsonOutput json;

    @Override
    protected int execute() {
        try (Session s = openSession(jobs.jobs)) {
            if (repair) {
                s.lock();
            }
            // try-with-resources skips a null resource: no remote is opened unless one is needed
            try (ObjectStore store = remote != null || repair ? new RemoteService(s.repo()).open(remote) : null) {
                FsckService.Result r = new FsckService(s).run(store, remote != null, repair);
                if (json.json) {
                    out().println(Json.write(toJson(r)));
                } else {
                    print(r);
                }
                if (r.clean()) {
                    return ExitCodes.OK;
                }
                err().println("ERROR: " + summary(r));
                if (r.repair() == null && (!r.corrupt().isEmpty() || !r.missing().isEmpty())) {
                    err().println(REPAIR_HINT);
                } else if (r.remote() != null && !r.remote().missing().isEmpty()) {
                    err().println("hint: 'cairn push' uploads what the remote lacks from a cache that has it");
                }
                return ExitCodes.FAILED;
            }
        }
    }

    private void print(FsckService.Result r) {
        for (FsckService.Corrupt c : r.corrupt()) {
            out().println("corrupt\t" + c.id() + "\t" + shown(c.file()) + "\tused by " + c.usedBy());
        }
        for (FsckService.Missing m : r.missing()) {
            out().println("missing\t" + m.id() + "\tused by " + m.usedBy());
        }
        for (FsckService.BadTree b : r.badTrees()) {
            out().println("invalid tree\t" + b.id() + "\t" + b.problem());
        }
        out().println("Checked " + r.objects() + " object(s) (" + ValueText.humanBytes(r.bytes()) + ") in the cache: "
                + r.corrupt().size() + " corrupt, " + r.missing().size() + " missing"
                + (r.badTrees().isEmpty() ? "" : ", " + r.badTrees().size() + " invalid tree(s)") + ".");
        FsckService.RemoteReport remoteReport = r.remote();
        if (remoteReport != null) {
            for (FsckService.Missing m : remoteReport.missing()) {
                out().println("missing on remote\t" + m.id() + "\tused by " + m.usedBy());
            }
            for (ObjectId id : remoteReport.mismatched()) {
                out().println("checksum differs on remote\t" + id);
            }
            out().println("Checked " + remoteReport.where() + ": " + remoteReport.objects() + " object(s), "
                    + (remoteReport.checksummed() == 0 ? "by presence only (the store reports no checksums)"
                            : remoteReport.checksummed() + " by the checksum the store reports"
                            + (remoteReport.checksummed() < remoteReport.objects() ? ", the others by presence" : ""))
                    + "; " + remoteReport.missing().size() + " referenced object(s) missing, "
                    + remoteReport.mismatched().size() + " with a wrong checksum.");
        }
        FsckService.Repair repair = r.repair();
        if (repair != null) {
            repair.movedAside().forEach((id, to) -> out().println("moved aside\t" + id + "\t" + shown(to)));
            for (ObjectId id : repair.repaired()) {
                out().println("repaired\t" + id);
            }
            for (FsckService.Unrepaired u : repair.unrepaired()) {
                out().println("not repaired\t" + u.id() + "\t" + u.reason() + (u.usedBy() == null ? "" : "\tused by " + u.usedBy()));
            }
            out().println("Repaired " + repair.repaired().size() + " object(s) from " + repair.from()
                    + (repair.unrepaired().isEmpty() ? "." : "; " + repair.unrepaired().size() + " could not be repaired."));
        }
    }

    private static String summary(FsckService.Result r) {
        List<String> parts = new ArrayList<>();
        if (r.repair() != null) {
            if (!r.repair().unrepaired().isEmpty()) {
                parts.add(r.repair().unrepaired().size() + " object(s) could not be repaired");
            }
        } else {
            if (!r.corrupt().isEmpty()) {
                parts.add(r.corrupt().size() + " cache object(s) do not match their hash");
            }
            if (!r.missing().isEmpty()) {
                parts.add(r.missing().size() + " referenced object(s) are missing from the cache");
            }
        }
        if (!r.badTrees().isEmpty()) {
            parts.add(r.badTrees().size() + " tree object(s) cannot be read");
        }
        if (r.remote() != null && !r.remote().missing().isEmpty()) {
            parts.add(r.remote().missing().size() + " referenced object(s) are missing from " + r.remote().where());
        }
        if (r.remote() != null && !r.remote().mismatched().isEmpty()) {
            parts.add(r.remote().mismatched().size() + " object(s) on " + r.remote().where() + " have a wrong checksum");
        }
        return String.join("; ", parts);
    }

    private Map<String, Object> toJson(FsckService.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.clean());
        m.put("objects", r.objects());
        m.put("bytes", r.bytes());
        m.put("corrupt", r.corrupt().stream().map(c -> entry("id", c.id().value(), "file", shown(c.file()), "used_by", c.usedBy())).toList());
        m.put("missing", r.missing().stream().map(x -> entry("id", x.id().value(), "used_by", x.usedBy())).toList());
        m.put("invalid_trees", r.badTrees().stream().map(b -> entry("id", b.id().value(), "problem", b.problem())).toList());
        FsckService.RemoteReport rr = r.remote();
        if (rr != null) {
            Map<String, Object> remoteJson = new LinkedHashMap<>();
            remoteJson.put("where", rr.where());
            remoteJson.put("objects", rr.objects());
            remoteJson.put("checksummed", rr.checksummed());
            remoteJson.put("missing", rr.missing().stream().map(x -> entry("id", x.id().value(), "used_by", x.usedBy())).toList());
            remoteJson.put("checksum_mismatch", rr.mismatched().stream().map(ObjectId::value).toList());
            m.put("remote", remoteJson);
        }
        FsckService.Repair repair = r.repair();
        if (repair != null) {
            Map<String, Object> repairJson = new LinkedHashMap<>();
            repairJson.put("from", repair.from());
            Map<String, Object> moved = new LinkedHashMap<>();
            repair.movedAside().forEach((id, to) -> moved.put(id.value(), shown(to)));
            repairJson.put("moved_aside", moved);
            repairJson.put("repaired", repair.repaired().stream().map(ObjectId::value).toList());
            repairJson.put("not_repaired", repair.unrepaired().stream()
                    .map(u -> entry("id", u.id().value(), "reason", u.reason(), "used_by", u.usedBy())).toList());
            m.put("repair", repairJson);
        }
        return m;
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
