package dev.cairn.cli;

import dev.cairn.app.Session;
import dev.cairn.repo.RunContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of every command: access to the invocation's context, streams and repository. */
public abstract class BaseCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private CliContext context;

    /** DVC's -q, on every command: only errors are printed (and progress is off). */
    @picocli.CommandLine.Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    protected boolean quiet;

    private final PrintWriter silent = new PrintWriter(java.io.Writer.nullWriter());

    void bind(CliContext ctx) {
        this.context = ctx;
    }

    protected CliContext cli() {
        return context;
    }

    protected PrintWriter out() {
        return quiet ? silent : context.out();
    }

    protected PrintWriter err() {
        return context.err();
    }

    /** The run context for the lower layers; {@code jobs} 0 means every core. */
    protected RunContext runContext(int jobs) {
        return new RunContext(context.cwd(), context.env(), context.clock(), jobs,
                "cairn " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }

    protected Session openSession(int jobs) {
        return Session.open(runContext(jobs));
    }

    protected Path resolve(String path) {
        return context.cwd().resolve(path).normalize();
    }

    protected List<Path> resolveAll(List<String> paths) {
        return paths == null ? List.of() : paths.stream().map(this::resolve).toList();
    }

    /** A path as the user should see it: relative to the working directory when inside it. */
    protected String shown(Path absolute) {
        Path p = absolute.toAbsolutePath().normalize();
        return p.startsWith(context.cwd()) ? context.cwd().relativize(p).toString() : p.toString();
    }

    @Override
    public final Integer call() throws Exception {
        int code = execute();
        out().flush();
        err().flush();
        return code;
    }

    protected abstract int execute() throws Exception;
}
