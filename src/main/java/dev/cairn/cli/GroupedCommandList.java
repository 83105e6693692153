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
            Map.entry("Other", List.of("config", "completion", "version", "help")));

    static void install(CommandLine root) {
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new GroupedCommandList());
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
                    String[] description = sub.commandSpec().usageMessage().description();
                    // descriptions may hold picocli's %n line breaks: the first non-empty line
                    String first = description.length == 0 ? "" : String.format(description[0]).strip().split("\n")[0];
                    table.addRowValues(name, first);
                }
            }
            sb.append('\n').append(group.getKey()).append(" commands:\n").append(table);
        }
        return sb.toString();
    }
}
