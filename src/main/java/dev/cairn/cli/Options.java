package dev.cairn.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Option groups shared by several commands (picocli mixins). */
public final class Options {

    private Options() {
    }

    /** The two revisions a diff compares: {@code [A_REV [B_REV]]}, HEAD and the workspace by default. */
    public static final class RevisionPair {
        @Parameters(index = "0", arity = "0..1", paramLabel = "A_REV", description = "Git revision to compare from (default: HEAD).")
        String a = "HEAD";

        @Parameters(index = "1", arity = "0..1", paramLabel = "B_REV", description = "Git revision to compare to (default: the workspace).")
        String b;
    }

    /** {@code -j/--jobs}. */
    public static final class Jobs {
        @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Number of parallel workers (default: two per core).")
        public int jobs;
    }

    /** Revisions beyond the workspace: {@code -a/-T/-A/--rev}. */
    public static final class Revisions {
        @Option(names = {"-a", "--all-branches"}, description = "Also the outputs recorded at every branch tip.")
        public boolean allBranches;

        @Option(names = {"-T", "--all-tags"}, description = "Also the outputs recorded at every tag.")
        public boolean allTags;

        @Option(names = {"-A", "--all-commits"}, description = "Also the outputs recorded at every commit.")
        public boolean allCommits;

        @Option(names = "--rev", paramLabel = "REV", description = "Also the outputs recorded at this revision (repeatable).")
        public java.util.List<String> revs = new java.util.ArrayList<>();

        public dev.cairn.app.RevisionScope scope(boolean workspace, java.time.Instant since) {
            return new dev.cairn.app.RevisionScope(workspace, allBranches, allTags, allCommits, revs, since);
        }
    }

    /** {@code --json}. */
    public static final class JsonOutput {
        @Option(names = "--json", description = "Print the result as JSON.")
        public boolean json;
    }

    /** {@code --json} or {@code --md}, else a plain table. */
    public static final class TableOutput {
        @Option(names = "--json", description = "Print the result as JSON.")
        public boolean json;

        @Option(names = "--md", description = "Print the table in Markdown (GitHub-flavoured).")
        public boolean markdown;

        void check() {
            if (json && markdown) {
                throw dev.cairn.util.CairnException.badInput("--json and --md cannot be used together");
            }
        }
    }
}
