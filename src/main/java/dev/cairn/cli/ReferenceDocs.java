package dev.cairn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command reference, generated from the command tree as users see it ({@link Main#commandLine}):
 * Markdown pages for {@code docs/reference/} and man pages. A build tool, not a command: the
 * {@code package} phase runs {@code ReferenceDocs man target/man}, and {@code ReferenceDocsTest}
 * fails when {@code docs/reference/} differs from what {@link #markdown} generates.
 *
 * <p>Man pages come in two forms: roff ({@code man1/*.1}, what {@code man} reads), rendered here,
 * and AsciiDoc ({@code adoc/*.adoc}) from picocli-codegen's ManPageGenerator, for anyone who wants
 * to style them with Asciidoctor. Turning AsciiDoc into roff needs Asciidoctor (Ruby, or JRuby
 * through asciidoctorj, tens of megabytes), so the roff pages are written directly.
 */
public final class ReferenceDocs {

    /** Width of the usage synopses: the same on every machine, whatever the terminal. */
    private static final int WIDTH = 80;

    private ReferenceDocs() {
    }

    /**
     * {@code man OUTDIR}: roff pages into OUTDIR/man1, AsciiDoc into OUTDIR/adoc (needs
     * picocli-codegen on the class path); {@code markdown OUTDIR}: the Markdown reference.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("man", "markdown").contains(args[0])) {
            System.err.println("usage: ReferenceDocs man|markdown OUTDIR");
            System.exit(ExitCodes.BAD_INPUT);
        }
        Path out = Path.of(args[1]);
        if (args[0].equals("markdown")) {
            write(out, markdown(tree()));
        } else {
            write(out.resolve("man1"), roff(tree(), VersionCommand.version()));
            picocli.codegen.docgen.manpage.ManPageGenerator.generateManPage(
                    out.resolve("adoc").toFile(), null, new boolean[0], false, tree().getCommandSpec());
        }
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** The command tree with plain (uncoloured) help at a fixed width, its output discarded. */
    static CommandLine tree() {
        PrintWriter discard = new PrintWriter(new StringWriter());
        CliContext ctx = new CliContext(Path.of("").toAbsolutePath(), Map.of("NO_COLOR", "1"), Clock.systemUTC(),
                discard, discard, new BufferedReader(new StringReader("")));
        CommandLine root = Main.commandLine(ctx);
        root.setUsageHelpWidth(WIDTH);
        return root;
    }

    // ---------------------------------------------------------------- the model both renderers share

    /** Visible commands under {@code c}, in declaration order. */
    private static List<CommandLine> subcommands(CommandLine c) {
        List<CommandLine> subs = new ArrayList<>();
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && !subs.contains(sub)) {
                subs.add(sub); // aliases map to the same CommandLine
            }
        }
        return subs;
    }

    /** Every visible command of the tree, depth first: the root, then each command and its subcommands. */
    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> list = new ArrayList<>();
        list.add(c);
        for (CommandLine sub : subcommands(c)) {
            list.addAll(all(sub));
        }
        return list;
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ");
    }

    /** File name stem: {@code cairn-remote-add}. */
    private static String stem(CommandLine c) {
        return c.getCommandSpec().qualifiedName("-");
    }

    /** Text with picocli's format specifiers resolved ({@code %n} line breaks, {@code %%}). */
    private static String text(String[] lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(line.replace("%n", "\n").replace("%%", "%"));
        }
        // drop the blank lines around the text, keep the indentation of its first line
        return sb.toString().replaceFirst("^(\\s*\\n)+", "").stripTrailing();
    }

    private static String summary(CommandLine c) {
        return GroupedCommandList.summary(c.getCommandSpec());
    }

    /** The header (if any) and the description: what the help prints above and below the synopsis. */
    private static String description(CommandLine c) {
        String header = text(c.getCommandSpec().usageMessage().header());
        String description = text(c.getCommandSpec().usageMessage().description());
        return header.isEmpty() ? description : description.isEmpty() ? header : header + "\n\n" + description;
    }

    private static String synopsis(CommandLine c) {
        return c.getHelp().synopsis(0).stripTrailing();
    }

    /** Visible options, in the order of the help (sorted by short name unless the command says not to). */
    private static List<OptionSpec> options(CommandLine c) {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : c.getCommandSpec().options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        if (c.getCommandSpec().usageMessage().sortOptions()) {
            options.sort(CommandLine.Help.createShortOptionNameComparator());
        }
        return options;
    }

    private static List<PositionalParamSpec> parameters(CommandLine c) {
        List<PositionalParamSpec> params = new ArrayList<>();
        for (PositionalParamSpec p : c.getCommandSpec().positionalParameters()) {
            if (!p.hidden()) {
                params.add(p);
            }
        }
        return params;
    }

    /** {@code -j, --jobs=N}: the names, shortest first, and the parameter label if it takes one. */
    private static List<String> optionNames(OptionSpec o) {
        List<String> names = new ArrayList<>(List.of(o.names()));
        names.sort((a, b) -> a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b));
        return names;
    }

    private static String optionLabel(OptionSpec o) {
        return o.arity().max() > 0 ? o.paramLabel() + (o.arity().max() > 1 ? "..." : "") : "";
    }

    private static String parameterLabel(PositionalParamSpec p) {
        String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
        return p.arity().min() == 0 ? "[" + label + "]" : label;
    }

    /** A footer split into paragraphs and titled example blocks ("Examples:" then indented lines). */
    private record Block(String title, List<String> lines, boolean code) {
    }

    private static List<Block> footer(CommandLine c) {
        List<Block> blocks = new ArrayList<>();
        // a heading such as "%nExamples:%n" may stand in footerHeading instead of the footer
        String footer = text(new String[] {c.getCommandSpec().usageMessage().footerHeading()
                + String.join("%n", c.getCommandSpec().usageMessage().footer())});
        if (footer.isEmpty()) {
            return blocks;
        }
        Block current = null;
        for (String line : footer.split("\n", -1)) {
            if (line.isBlank()) {
                if (current == null || current.title() == null || !current.lines().isEmpty()) {
                    current = null; // a blank line ends a block, but not a heading that has no lines yet
                }
            } else if (line.startsWith(" ")) {
                if (current == null || !current.code()) {
                    current = new Block(null, new ArrayList<>(), true);
                    blocks.add(current);
                }
                current.lines().add(line.strip());
            } else if (line.endsWith(":")) {
                current = new Block(line.substring(0, line.length() - 1), new ArrayList<>(), true);
                blocks.add(current);
            } else {
                if (current == null || current.code()) {
                    current = new Block(null, new ArrayList<>(), false);
                    blocks.add(current);
                }
                current.lines().add(line.strip());
            }
        }
        return blocks;
    }

    // ---------------------------------------------------------------- Markdown

    /**
     * The Markdown reference by file name: {@code README.md}, the index in the sections of
     * {@code cairn --help}, and one page per top-level command with its subcommands.
     */
    static SortedMap<String, String> markdown(CommandLine root) {
        SortedMap<String, String> files = new TreeMap<>();
        StringBuilder index = new StringBuilder();
        index.append("# Command reference\n\n")
                .append("<!-- Generated from the command tree by dev.cairn.cli.ReferenceDocs: do not edit.\n")
                .append("     ReferenceDocsTest fails when this is out of date; to regenerate, run\n")
                .append("     mvn test -Dtest=ReferenceDocsTest -Dcairn.updateReference=true -->\n\n")
                .append(mdEscape(text(root.getCommandSpec().usageMessage().description()))).append("\n\n")
                .append("```\n").append(synopsis(root)).append("\n```\n");
        Map<String, CommandLine> byName = root.getSubcommands();
        List<String> listed = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : GroupedCommandList.groups()) {
            index.append("\n## ").append(group.getKey()).append(" commands\n\n");
            index.append("| Command | Description |\n|---|---|\n");
            for (String name : group.getValue()) {
                CommandLine c = byName.get(name);
                if (c != null && !c.getCommandSpec().usageMessage().hidden()) {
                    index.append("| [").append(name).append("](").append(stem(c)).append(".md) | ")
                            .append(mdCell(summary(c))).append(" |\n");
                    listed.add(name);
                }
            }
        }
        for (CommandLine c : subcommands(root)) {
            if (!listed.contains(c.getCommandName())) {
                throw new IllegalStateException("command '" + c.getCommandName() + "' is in no section of GroupedCommandList");
            }
        }
        index.append(mdOptions(root, "##"));
        index.append(mdExitCodes(root));
        files.put("README.md", index.toString());
        for (CommandLine c : subcommands(root)) {
            StringBuilder page = new StringBuilder();
            page.append("<!-- Generated from the command tree by dev.cairn.cli.ReferenceDocs: do not edit. -->\n\n");
            mdCommand(page, c, "#");
            page.append("\n---\n[All commands](README.md)\n");
            files.put(stem(c) + ".md", page.toString());
        }
        return files;
    }

    private static void mdCommand(StringBuilder sb, CommandLine c, String level) {
        sb.append(level).append(' ').append(qualifiedName(c)).append("\n\n");
        String description = description(c);
        if (!description.isEmpty()) {
            sb.append(mdEscape(description)).append("\n\n");
        }
        sb.append("```\n").append(synopsis(c)).append("\n```\n");
        List<PositionalParamSpec> params = parameters(c);
        if (!params.isEmpty()) {
            sb.append('\n').append(level).append("# Arguments\n\n| Argument | Description |\n|---|---|\n");
            for (PositionalParamSpec p : params) {
                sb.append("| `").append(parameterLabel(p)).append("` | ").append(mdCell(text(p.description()))).append(" |\n");
            }
        }
        sb.append(mdOptions(c, level + "#"));
        List<CommandLine> subs = subcommands(c);
        if (!subs.isEmpty()) {
            sb.append('\n').append(level).append("# Commands\n\n| Command | Description |\n|---|---|\n");
            for (CommandLine sub : subs) {
                sb.append("| [").append(sub.getCommandName()).append("](#").append(anchor(qualifiedName(sub))).append(") | ")
                        .append(mdCell(summary(sub))).append(" |\n");
            }
        }
        for (Block b : footer(c)) {
            sb.append('\n');
            if (b.title() != null) {
                sb.append(level).append("# ").append(mdEscape(b.title())).append("\n\n");
            }
            if (b.code()) {
                sb.append("```sh\n").append(String.join("\n", b.lines())).append("\n```\n");
            } else {
                sb.append(mdEscape(String.join("\n", b.lines()))).append('\n');
            }
        }
        for (CommandLine sub : subs) {
            sb.append('\n');
            mdCommand(sb, sub, level + "#");
        }
    }

    private static String mdOptions(CommandLine c, String level) {
        List<OptionSpec> options = options(c);
        if (options.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(level).append(" Options\n\n| Option | Description |\n|---|---|\n");
        for (OptionSpec o : options) {
            String label = optionLabel(o);
            List<String> names = new ArrayList<>();
            for (String name : optionNames(o)) {
                names.add("`" + name + (label.isEmpty() ? "" : (name.startsWith("--") ? "=" : " ") + label) + "`");
            }
            sb.append("| ").append(String.join(", ", names)).append(" | ").append(mdCell(text(o.description()))).append(" |\n");
        }
        return sb.toString();
    }

    private static String mdExitCodes(CommandLine c) {
        Map<String, String> codes = c.getCommandSpec().usageMessage().exitCodeList();
        if (codes.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Exit codes\n\n| Code | Meaning |\n|---|---|\n");
        codes.forEach((code, meaning) -> sb.append("| ").append(code.strip()).append(" | ").append(mdCell(meaning)).append(" |\n"));
        return sb.toString();
    }

    /** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    /** Text in which Markdown would see HTML or emphasis. */
    private static String mdEscape(String s) {
        return s.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_");
    }

    private static String mdCell(String s) {
        return mdEscape(s).replace("|", "\\|").replace("\n", " ");
    }

    // ---------------------------------------------------------------- roff (man(7) macros)

    /** One man page per command, section 1: {@code cairn.1}, {@code cairn-add.1}, {@code cairn-remote-add.1}, … */
    static SortedMap<String, String> roff(CommandLine root, String version) {
        SortedMap<String, String> pages = new TreeMap<>();
        for (CommandLine c : all(root)) {
            pages.put(stem(c) + ".1", roffPage(c, version));
        }
        return pages;
    }

    private static String roffPage(CommandLine c, String version) {
        StringBuilder sb = new StringBuilder();
        sb.append(".\\\" Generated from the command tree by dev.cairn.cli.ReferenceDocs\n");
        sb.append(".TH \"").append(roffEscape(stem(c).toUpperCase(java.util.Locale.ROOT))).append("\" \"1\" \"\" \"")
                .append(roffEscape("cairn " + version)).append("\" \"Cairn Manual\"\n");
        sb.append(".SH NAME\n").append(roffEscape(stem(c))).append(" \\- ").append(roffEscape(summary(c))).append('\n');
        sb.append(".SH SYNOPSIS\n.nf\n").append(roffLines(synopsis(c))).append(".fi\n");
        String description = description(c);
        if (!description.isEmpty() && !description.equals(summary(c))) {
            sb.append(".SH DESCRIPTION\n").append(roffLines(description));
        }
        List<PositionalParamSpec> params = parameters(c);
        if (!params.isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                sb.append(".TP\n\\fI").append(roffEscape(parameterLabel(p))).append("\\fR\n")
                        .append(roffLines(text(p.description())));
            }
        }
        List<OptionSpec> options = options(c);
        if (!options.isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                String label = optionLabel(o);
                List<String> names = new ArrayList<>();
                for (String name : optionNames(o)) {
                    names.add("\\fB" + roffEscape(name) + "\\fR"
                            + (label.isEmpty() ? "" : (name.startsWith("--") ? "=" : " ") + "\\fI" + roffEscape(label) + "\\fR"));
                }
                sb.append(".TP\n").append(String.join(", ", names)).append('\n').append(roffLines(text(o.description())));
            }
        }
        List<CommandLine> subs = subcommands(c);
        if (!subs.isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (CommandLine sub : subs) {
                sb.append(".TP\n\\fB").append(roffEscape(sub.getCommandName())).append("\\fR\n")
                        .append(roffLines(summary(sub)))
                        .append("See \\fB\\%").append(roffEscape(stem(sub))).append("\\fR(1).\n");
            }
        }
        for (Block b : footer(c)) {
            sb.append(b.title() != null ? ".SH " + roffEscape(b.title().toUpperCase(java.util.Locale.ROOT)) + "\n" : ".PP\n");
            if (b.code()) {
                sb.append(".PP\n.RS 4\n.nf\n").append(roffLines(String.join("\n", b.lines()))).append(".fi\n.RE\n");
            } else {
                sb.append(roffLines(String.join("\n", b.lines())));
            }
        }
        Map<String, String> codes = c.getCommandSpec().usageMessage().exitCodeList();
        if (!codes.isEmpty()) {
            sb.append(".SH \"EXIT STATUS\"\n");
            codes.forEach((code, meaning) -> sb.append(".TP\n\\fB").append(roffEscape(code.strip())).append("\\fR\n")
                    .append(roffLines(meaning)));
        }
        List<String> seeAlso = new ArrayList<>();
        CommandLine parent = c.getParent();
        if (parent != null) {
            seeAlso.add("\\fB\\%" + roffEscape(stem(parent)) + "\\fR(1)");
        }
        seeAlso.add("\\fBgit\\fR(1)");
        sb.append(".SH \"SEE ALSO\"\n").append(String.join(", ", seeAlso)).append('\n');
        return sb.toString();
    }

    /** Text lines for roff input: escaped, and no line starts with a control character. */
    private static String roffLines(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (line.isBlank()) {
                sb.append(".sp\n"); // a blank line between paragraphs
                continue;
            }
            String escaped = roffEscape(line);
            if (escaped.startsWith(".") || escaped.startsWith("'")) {
                escaped = "\\&" + escaped;
            }
            sb.append(escaped).append('\n');
        }
        return sb.toString();
    }

    private static String roffEscape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
