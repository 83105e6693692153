package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/ is generated from the command tree ({@link ReferenceDocs}); this test fails when a
 * command, option or description changed and the reference was not regenerated. To regenerate:
 * {@code mvn test -Dtest=ReferenceDocsTest -Dcairn.updateReference=true}, then review the diff.
 */
class ReferenceDocsTest {

    private static final Path REFERENCE = Path.of("docs/reference");

    @Test
    void docsReferenceMatchesTheCommandTree() throws IOException {
        SortedMap<String, String> expected = ReferenceDocs.markdown(ReferenceDocs.tree());
        if (Boolean.getBoolean("cairn.updateReference")) {
            Files.createDirectories(REFERENCE);
            try (Stream<Path> old = Files.list(REFERENCE)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".md")).toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, String> page : expected.entrySet()) {
                Files.writeString(REFERENCE.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
            }
        }
        TreeSet<String> actualNames = new TreeSet<>();
        if (Files.isDirectory(REFERENCE)) {
            try (Stream<Path> files = Files.list(REFERENCE)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).forEach(actualNames::add);
            }
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> page : expected.entrySet()) {
            Path file = REFERENCE.resolve(page.getKey());
            if (!Files.exists(file)) {
                stale.add(page.getKey() + " is missing");
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(page.getValue())) {
                stale.add(page.getKey() + " differs");
            }
        }
        actualNames.removeAll(expected.keySet());
        actualNames.forEach(n -> stale.add(n + " documents no command"));
        if (!stale.isEmpty()) {
            fail("docs/reference is out of date with the command tree: " + String.join("; ", stale)
                    + ".\nRegenerate it with: mvn test -Dtest=ReferenceDocsTest -Dcairn.updateReference=true");
        }
    }

    @Test
    void everyCommandHasAPageAndADescription() {
        SortedMap<String, String> pages = ReferenceDocs.markdown(ReferenceDocs.tree());
        SortedMap<String, String> man = ReferenceDocs.roff(ReferenceDocs.tree(), "0.0.0");
        for (var sub : ReferenceDocs.tree().getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().usageMessage().hidden()) {
                continue; // e.g. the merge driver Git calls: not for users
            }
            String name = sub.getKey();
            assertTrue(pages.containsKey("cairn-" + name + ".md"), name);
            assertTrue(pages.get("README.md").contains("](cairn-" + name + ".md) | "), name);
            String page = man.get("cairn-" + name + ".1");
            assertTrue(page.startsWith(".\\\" Generated"), name);
            assertTrue(page.contains("\n.SH NAME\ncairn\\-" + name + " \\- ") && !page.contains(" \\- \n"),
                    "man page of " + name + " lacks a one-line description:\n" + page);
        }
        assertTrue(man.containsKey("cairn.1") && man.containsKey("cairn-remote-add.1"), man.keySet().toString());
    }

    @Test
    void roffEscapesDashesAndLeadingDots() {
        SortedMap<String, String> man = ReferenceDocs.roff(ReferenceDocs.tree(), "1.2.3");
        String page = man.get("cairn-add.1");
        assertTrue(page.contains(".TH \"CAIRN\\-ADD\" \"1\" \"\" \"cairn 1.2.3\" \"Cairn Manual\""), page);
        assertTrue(page.contains("\\fB\\-\\-no\\-commit\\fR"), page);
        for (String line : String.join("\n", man.values()).split("\n")) {
            assertTrue(!line.startsWith(".") || line.matches("\\.(\\\\\"|TH|SH|TP|PP|RS|RE|nf|fi|sp)( .*)?"),
                    "not a macro this generator writes: " + line);
        }
        assertEquals(-1, page.indexOf("\\fB-"), "unescaped dash after a font change");
    }
}
