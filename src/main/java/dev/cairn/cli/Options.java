package dev.cairn.cli;

import picocli.CommandLine.Option;

/** Option groups shared by several commands (picocli mixins). */
public final class Options {

    private Options() {
    }

    /** {@code -j/--jobs}. */
    public static final class Jobs {
        @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Number of parallel workers (default: two per core).")
        public int jobs;
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
