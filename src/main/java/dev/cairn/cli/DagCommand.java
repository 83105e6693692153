package dev.cairn.cli;

import dev.cairn.app.Session;
import dev.cairn.pipeline.Pipeline;
import dev.cairn.pipeline.Stage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dag", description = "Draw the graph of pipeline stages.",
        footerHeading = "%nExamples:%n",
        footer = {"  cairn dag                 the whole pipeline, drawn in text",
                  "  cairn dag train           'train' and the stages it depends on",
                  "  cairn dag --dot | dot -Tsvg > dag.svg"})
public final class DagCommand extends BaseCommand {

    @Parameters(arity = "0..1", paramLabel = "STAGE", description = "Show only this stage and what it depends on.")
    String target;

    @Option(names = "--full", description = "With a stage: its whole connected pipeline, downstream stages too.")
    boolean full;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--dot", description = "Graphviz DOT.")
        boolean dot;
        @Option(names = "--mermaid", description = "A Mermaid flowchart.")
        boolean mermaid;
        @Option(names = "--md", description = "A Mermaid flowchart in a Markdown code block.")
        boolean md;
    }

    @Override
    protected int execute() {
        DagRenderer.Graph graph;
        try (Session s = openSession(0)) {
            Pipeline pipeline = s.pipelines().pipeline();
            List<Stage> stages = target == null ? pipeline.stages()
                    : full ? component(pipeline, s.pipelines().resolve(List.of(target)).get(0))
                    : pipeline.select(s.pipelines().resolve(List.of(target)), false, false);
            List<Stage> order = pipeline.topological(new HashSet<>(stages));
            Set<Stage> shown = new HashSet<>(order);
            List<DagRenderer.Edge> edges = new ArrayList<>();
            for (Stage st : order) {
                for (Stage up : pipeline.upstreamOf(st)) {
                    if (shown.contains(up)) {
                        edges.add(new DagRenderer.Edge(up.address(), st.address()));
                    }
                }
            }
            graph = new DagRenderer.Graph(order.stream().map(Stage::address).toList(), edges);
        }
        out().print(format.dot ? DagRenderer.dot(graph) : format.mermaid ? DagRenderer.mermaid(graph)
                : format.md ? DagRenderer.markdown(graph) : DagRenderer.ascii(graph));
        return ExitCodes.OK;
    }

    /** Every stage connected to {@code start}, upstream or downstream. */
    private static List<Stage> component(Pipeline pipeline, Stage start) {
        Set<Stage> seen = new HashSet<>();
        List<Stage> todo = new ArrayList<>(List.of(start));
        while (!todo.isEmpty()) {
            Stage st = todo.remove(todo.size() - 1);
            if (seen.add(st)) {
                todo.addAll(pipeline.upstreamOf(st));
                todo.addAll(pipeline.downstreamOf(st));
            }
        }
        return List.copyOf(seen);
    }
}
