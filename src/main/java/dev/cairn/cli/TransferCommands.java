package dev.cairn.cli;

import dev.cairn.app.RemoteService;
import dev.cairn.app.RevisionOutputs;
import dev.cairn.app.Session;
import dev.cairn.app.SyncService;
import dev.cairn.hash.ObjectId;
import dev.cairn.odb.ObjectStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code push}, {@code fetch} and {@code pull}: one transfer, three directions of use. */
final class TransferCommands {

    private TransferCommands() {
    }

    /** Options shared by the three. */
    abstract static class Base extends BaseCommand {
        @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Manifests or tracked paths (default: all).")
        List<String> targets;

        @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "Remote to use (default: core.remote).")
        String remote;

        @Mixin
        Options.Jobs jobs;

        @Mixin
        Options.Revisions revisions;

        /** The transfer: -j workers, or the remote's own default. */
        SyncService sync(Session s) {
            int n = new RemoteService(s.repo()).jobs(remote, jobs.jobs);
            return new SyncService(s, n, TerminalProgress.forCommand(cli(), quiet));
        }

        ObjectStore open(Session s) {
            return new RemoteService(s.repo()).open(remote);
        }

        /** The outputs to move: the workspace's (limited to the targets) and those of the revisions asked for. */
        List<RevisionOutputs.Recorded> outputs(Session s) {
            return RevisionOutputs.inScope(s, revisions.scope(true, null), resolveAll(targets), true);
        }

        /** How a damaged object is named in messages: its id, and for local objects its file. */
        String describeCorrupt(ObjectId id) {
            return id.value();
        }

        String corruptHint() {
            return "hint: the remote's copies are damaged; push good copies from a workspace that has them"
                    + " ('cairn fsck -r NAME' lists them)";
        }

        /** Prints what a transfer did and returns its exit code. */
        int report(String verb, SyncService.Outcome o, String fromWhere) {
            out().println(o.result().copied() + " object(s) " + verb + ", " + o.result().present() + " already there");
            int code = ExitCodes.OK;
            if (!o.missingTrees().isEmpty()) {
                err().println("ERROR: the file lists (trees) of these directories are neither in the cache nor readable on the remote:");
                o.missingTrees().forEach(t -> err().println("\t" + t));
                code = ExitCodes.FAILED;
            }
            if (!o.result().missing().isEmpty()) {
                err().println("ERROR: " + o.result().missing().size() + " object(s) are missing from " + fromWhere + ":");
                o.result().missing().stream().limit(20).forEach(id -> err().println("\t" + id));
                code = ExitCodes.FAILED;
            }
            if (!o.result().corrupt().isEmpty()) {
                err().println("ERROR: " + o.result().corrupt().size() + " object(s) in " + fromWhere
                        + " do not match their hash and were not copied:");
                o.result().corrupt().stream().limit(20).forEach(id -> err().println("\t" + describeCorrupt(id)));
                err().println(corruptHint());
                code = ExitCodes.FAILED;
            }
            return code;
        }
    }

    @Command(name = "push", description = "Upload the data of tracked outputs to a remote.",
            footer = {"", "Examples:", "  cairn push", "  cairn push -r backup data/images", "  cairn push -a -T -j 16"})
    static final class Push extends Base {
        private Session session;

        @Override
        String describeCorrupt(ObjectId id) {
            return id.value() + "\t" + session.cache().pathOf(id);
        }

        @Override
        String corruptHint() {
            return FsckCommand.REPAIR_HINT;
        }

        @Override
        protected int execute() {
            try (Session s = openSession(jobs.jobs).lock()) {
                session = s;
                try (ObjectStore remoteStore = open(s); SyncService sync = sync(s)) {
                    return report("pushed", sync.push(outputs(s), remoteStore), "the local cache");
                }
            }
        }
    }

    @Command(name = "fetch", description = "Download the data of tracked outputs into the cache (the workspace is left alone).",
            footer = {"", "Examples:", "  cairn fetch", "  cairn fetch --rev v1.0"})
    static final class Fetch extends Base {
        @Override
        protected int execute() {
            try (Session s = openSession(jobs.jobs).lock()) {
                try (ObjectStore remoteStore = open(s); SyncService sync = sync(s)) {
                    return report("fetched", sync.fetch(outputs(s), remoteStore), "the remote");
                }
            }
        }
    }

    @Command(name = "pull", description = "Fetch, then check out: the workspace gets the data of the manifests.",
            footer = {"", "Examples:", "  cairn pull", "  cairn pull models/model.pt.cairn", "  cairn pull -f   # overwrite local changes"})
    static final class Pull extends Base {
        @Option(names = {"-f", "--force"}, description = "Overwrite workspace changes that are not in the cache.")
        boolean force;

        @Override
        protected int execute() {
            try (Session s = openSession(jobs.jobs).lock();
                 ObjectStore remoteStore = open(s); SyncService sync = sync(s)) {
                SyncService.Pulled pulled = sync.pull(outputs(s), remoteStore, resolveAll(targets), force);
                int code = report("fetched", pulled.fetched(), "the remote");
                return Math.max(code, CheckoutCommand.report(pulled.checkout(), out(), err()));
            }
        }
    }
}
