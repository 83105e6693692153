package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn dag} draws the graph the pipeline model builds from paths. */
class DagCommandTest {

    @TempDir
    Path dir;
    TestRepo r;

    @BeforeEach
    void diamondAndALoneStage() throws Exception {
        r = TestRepo.initialized(dir);
        r.write("pipeline.yaml", """
                stages:
                  top:
                    cmd: touch top
                    outs: [top]
                  left:
                    cmd: touch left
                    deps: [top]
                    outs: [left]
                  right:
                    cmd: mkdir -p r && touch r/x
                    deps: [top]
                    outs: [r]
                  bottom:
                    cmd: touch bottom
                    deps: [left, r/x]
                    outs: [bottom]
                  alone:
                    cmd: touch alone
                    outs: [alone]
                """);
    }

    @Test
    void dotListsEveryStageAndEdge() {
        assertEquals("""
                strict digraph {
                \t"top";
                \t"left";
                \t"right";
                \t"bottom";
                \t"alone";
                \t"top" -> "left";
                \t"top" -> "right";
                \t"left" -> "bottom";
                \t"right" -> "bottom";
                }
                """, r.run("dag", "--dot").expect(0).out());
    }

    @Test
    void aTargetShowsItsUpstreamAndFullItsWholePipeline() {
        String left = r.run("dag", "--mermaid", "left").expect(0).out();
        assertTrue(left.contains("\"top\"") && left.contains("\"left\""), left);
        assertFalse(left.contains("bottom") || left.contains("right") || left.contains("alone"), left);
        String full = r.run("dag", "--mermaid", "--full", "left").expect(0).out();
        assertTrue(full.contains("bottom") && full.contains("right"), full);
        assertFalse(full.contains("alone"), full);
    }

    @Test
    void asciiIsTheDefault() {
        String ascii = r.run("dag").expect(0).out();
        assertEquals(DagRenderer.ascii(new DagRenderer.Graph(java.util.List.of("top", "left", "right", "bottom", "alone"),
                java.util.List.of(new DagRenderer.Edge("top", "left"), new DagRenderer.Edge("top", "right"),
                        new DagRenderer.Edge("left", "bottom"), new DagRenderer.Edge("right", "bottom")))), ascii);
        assertTrue(ascii.contains("| bottom |"), ascii);
        assertEquals(2, r.run("dag", "nope").code());
    }
}
