package dev.cairn.cli;

import dev.cairn.util.CairnException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/** The entry point, and the one place that builds the command line (handlers, exit codes, streams). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CliContext ctx = new CliContext(Path.of("").toAbsolutePath(), System.getenv(), Clock.systemUTC(), out, err, in);
        int code = run(ctx, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command in-process and returns its exit code; output goes to the context's writers. */
    public static int run(CliContext ctx, String... args) {
        CommandLine cmd = commandLine(ctx, reachable(args));
        int code = cmd.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    /**
     * The command tree, configured as every invocation sees it: help options on every command,
     * grouped help, colours, streams and handlers. The reference docs are generated from it too.
     */
    static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, CairnCommand.SUBCOMMANDS);
    }

    /**
     * The commands {@code args} can reach: the one its first word names, none for a version
     * question, else all (the top-level help, suggestions for a mistyped command, completion and
     * the help command show the whole tree). Each command left out is start-up time saved.
     */
    private static List<Class<?>> reachable(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("completion")) {
            for (Class<?> c : CairnCommand.SUBCOMMANDS) {
                if (c.getAnnotation(CommandLine.Command.class).name().equals(args[0])) {
                    return List.of(c);
                }
            }
        }
        return CairnCommand.SUBCOMMANDS;
    }

    private static CommandLine commandLine(CliContext ctx, List<Class<?>> subcommands) {
        CommandFactory factory = new CommandFactory(ctx);
        CommandLine cmd = new CommandLine(new CairnCommand(), factory);
        for (Class<?> c : subcommands) {
            cmd.addSubcommand(new CommandLine(c, factory));
        }
        addHelpOptions(cmd);
        // everything after the first word of the command is the stage's command, options included
        CommandLine stage = cmd.getSubcommands().get("stage");
        if (stage != null) {
            stage.getSubcommands().get("add").setStopAtPositional(true);
        }
        GroupedCommandList.install(cmd);
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.descriptions());
        // colour only on a terminal (picocli's AUTO), never when NO_COLOR is set
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(ctx.env().containsKey("NO_COLOR")
                ? CommandLine.Help.Ansi.OFF : CommandLine.Help.Ansi.AUTO));
        cmd.setOut(ctx.out());
        cmd.setErr(ctx.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, a) -> {
            ctx.err().println("ERROR: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ctx.err());
            ctx.err().println("See 'cairn " + commandPath(ex.getCommandLine()) + "--help'.");
            ctx.err().flush();
            return ExitCodes.BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CairnException ce) {
                ctx.err().println("ERROR: " + ce.getMessage());
                ctx.err().flush();
                return ExitCodes.of(ce.kind());
            }
            ctx.err().println("ERROR: unexpected error: " + ex);
            ex.printStackTrace(ctx.err());
            ctx.err().flush();
            return ExitCodes.FAILED;
        });
        return cmd;
    }

    /** {@code -h/--help} on every command, not only the top one. */
    private static void addHelpOptions(CommandLine cmd) {
        cmd.getCommandSpec().mixinStandardHelpOptions(true);
        cmd.getSubcommands().values().forEach(Main::addHelpOptions);
    }

    private static String commandPath(CommandLine c) {
        String name = c.getCommandSpec().qualifiedName(" ");
        return name.startsWith("cairn") ? name.substring(5).strip() + (name.length() > 5 ? " " : "") : name + " ";
    }

    /** Creates commands and hands each the invocation's context. */
    private record CommandFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof BaseCommand b) {
                b.bind(ctx);
            }
            return instance;
        }
    }
}
