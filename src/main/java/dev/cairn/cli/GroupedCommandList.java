package dev.cairn.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/** {@code cairn --help} lists the commands in sections, as users look for them. */
final class GroupedCommandList implements CommandLine.IHelpSectionRenderer {

    private static final List<Map.Entry<String, List<String>>> GROUPS = List.of(
            Map.entry("Data", List.of("init", "add", "status", "checkout", "commit", "remove", "move", "unprotect", "gc", "fsck")),
            Map.entry("Remotes", List.of("remote", "push", "fetch", "pull")),
            Map.entry("Pipelines", List.of("repro", "stage", "dag", "freeze", "unfreeze", "params", "metrics")),
            Map.entry("Git", List.of("diff", "install", "get", "import", "update", "ls")),
            Map.entry("Other", List.of("config", "completion", "version", "help")));

    /** The sections of the command list and their commands, in the order of the help. */
    static List<Map.Entry<String, List<String>>> groups() {
        return GROUPS;
    }

    static void install(CommandLine root) {
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new GroupedCommandList());
    }

    /**
     * A command's one-line summary: the first line of its header if it has one (as picocli's own
     * command list does; e.g. the help command), else of its description.
     */
    static String summary(CommandLine.Model.CommandSpec spec) {
        String[] lines = spec.usageMessage().header().length > 0 ? spec.usageMessage().header() : spec.usageMessage().description();
        for (String line : lines) {
            // picocli's %n line breaks: the first non-empty line
            for (String part : line.replace("%n", "\n").replace("%%", "%").split("\n")) {
                if (!part.isBlank()) {
                    return part.strip();
                }
            }
        }
        return "";
    }

    @Override
    public String render(Help help) {
        Map<String, Help> commands = help.subcommands();
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> group : GROUPS) {
            Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                    new Help.Column(16, 2, Help.Column.Overflow.SPAN),
                    new Help.Column(help.commandSpec().usageMessage().width() - 16, 2, Help.Column.Overflow.WRAP));
            for (String name : group.getValue()) {
                Help sub = commands.get(name);
                if (sub != null) {
                    table.addRowValues(name, summary(sub.commandSpec()));
                }
            }
            sb.append('\n').append(group.getKey()).append(" commands:\n").append(table);
        }
        return sb.toString();
    }
}
