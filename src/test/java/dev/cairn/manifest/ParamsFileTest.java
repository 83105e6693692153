package dev.cairn.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.util.CairnException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamsFileTest {

    /** The same params in every format: what each must read to. */
    private static final String EXPECTED =
            "{lr=FLOAT:0.001, epochs=INT:10, name=STRING:resnet, on=STRING:on, train.dropout=FLOAT:0.5,"
                    + " train.layers=[INT:64, INT:32], train.opt.kind=STRING:adam, flag=BOOL, none=NULL}";

    private static String describe(Map<String, YNode> leaves) {
        StringBuilder sb = new StringBuilder("{");
        leaves.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(describe(v)));
        return sb.append('}').toString();
    }

    private static String describe(YNode v) {
        return switch (v) {
            case YNode.Scalar s when s.type() == YNode.Scalar.Type.BOOL || s.type() == YNode.Scalar.Type.NULL -> s.type().name();
            case YNode.Scalar s -> s.type() + ":" + s.text();
            case YNode.Sequence seq -> seq.items().stream().map(ParamsFileTest::describe).toList().toString();
            case YNode.Mapping m -> "mapping";
        };
    }

    @Test
    void yamlUsesTheCoreSchemaOfYaml12() {
        YNode.Mapping root = ParamsFile.parse("""
                lr: 0.001
                epochs: 10
                name: resnet
                on: on
                train:
                  dropout: 0.5
                  layers: [64, 32]
                  opt: {kind: adam}
                flag: true
                none: null
                """, "params.yaml", "params.yaml");
        assertEquals(EXPECTED, describe(ParamsFile.flatten(root)));
        // YAML 1.1 would read 1e-3 as text and yes as a boolean
        YNode.Mapping other = ParamsFile.parse("a: 1e-3\nb: yes\nc: 010\n", "x.yml", "x.yml");
        assertEquals("FLOAT:1e-3", describe(other.get("a")));
        assertEquals("STRING:yes", describe(other.get("b")));
        assertEquals(10L, Values.number(other.get("c")));
    }

    @Test
    void json() {
        YNode.Mapping root = ParamsFile.parse("""
                {"lr": 0.001, "epochs": 10, "name": "resnet", "on": "on",
                 "train": {"dropout": 0.5, "layers": [64, 32], "opt": {"kind": "adam"}},
                 "flag": true, "none": null}
                """, "params.json", "params.json");
        assertEquals(EXPECTED, describe(ParamsFile.flatten(root)));
        // Python's json module writes NaN and Infinity
        YNode.Mapping nan = ParamsFile.parse("{\"loss\": NaN, \"x\": 1e-5}", "m.json", "m.json");
        assertTrue(Double.isNaN(Values.number(nan.get("loss")).doubleValue()));
        assertEquals(new BigDecimal("0.00001"), Values.number(nan.get("x")));
    }

    @Test
    void toml() {
        YNode.Mapping root = ParamsFile.parse("""
                lr = 0.001
                epochs = 10
                name = "resnet"
                on = "on"
                flag = true
                [train]
                dropout = 0.5
                layers = [64, 32]
                opt = { kind = "adam" }
                """, "params.toml", "params.toml");
        // TOML has no null, and keys before the first table come first
        assertEquals("{lr=FLOAT:0.001, epochs=INT:10, name=STRING:resnet, on=STRING:on, flag=BOOL,"
                + " train.dropout=FLOAT:0.5, train.layers=[INT:64, INT:32], train.opt.kind=STRING:adam}",
                describe(ParamsFile.flatten(root)));
    }

    @Test
    void python() {
        YNode.Mapping root = ParamsFile.parse("""
                # comments and code around the params are fine
                import os
                from dataclasses import dataclass

                lr = 1e-3
                epochs: int = 1_0
                name = 'res' "net"
                on = "on"
                DEBUG = os.environ.get("DEBUG")   # not a literal: skipped, as DVC does

                class train:
                    \"\"\"Training settings.\"\"\"
                    dropout = .5
                    layers = [
                        64,  # first
                        32,
                    ]
                    opt = {'kind': 'adam'}

                    def helper(self):
                        x = 1

                flag = True
                none = None

                def main():
                    hidden = 3
                """, "params.py", "params.py");
        assertEquals(EXPECTED.replace("FLOAT:0.001", "FLOAT:1e-3").replace("FLOAT:0.5", "FLOAT:.5"),
                describe(ParamsFile.flatten(root)));
    }

    @Test
    void pythonLiteralsAndClassForms() {
        YNode.Mapping root = ParamsFile.parse("""
                hexa = 0xFF
                neg = -2
                tup = 1, 'two', (3,)
                empty = ()
                nested = {"a": {"b": [True, None]}, 1: 'one'}
                s = {3}
                esc = "tab\\there \\u00e9 \\N{GREEK SMALL LETTER ALPHA}"
                raw = r'a\\d'
                multi = \"\"\"line1
                line2\"\"\"
                fstring = f"{hexa}"
                a = b = 3
                x, y = 1, 2
                expr = 2 * 3
                if True:
                    hidden = 1
                class Inline: k = 1; j = 'x'
                class Model(Base):
                    size: int = 128
                    def __init__(self, depth=3):
                        self.depth = 12
                        local = 5
                    class Sub:
                        w = 0.25
                """, "p.py", "p.py");
        Map<String, YNode> leaves = ParamsFile.flatten(root);
        assertEquals("INT:255", describe(leaves.get("hexa")));
        assertEquals("INT:-2", describe(leaves.get("neg")));
        assertEquals("[INT:1, STRING:two, [INT:3]]", describe(leaves.get("tup")));
        assertEquals("[]", describe(leaves.get("empty")));
        assertEquals("[BOOL, NULL]", describe(leaves.get("nested.a.b")));
        assertEquals("STRING:one", describe(leaves.get("nested.1")));
        assertEquals("[INT:3]", describe(leaves.get("s")));
        assertEquals("STRING:tab\there é α", describe(leaves.get("esc")));
        assertEquals("STRING:a\\d", describe(leaves.get("raw")));
        assertEquals("STRING:line1\nline2", describe(leaves.get("multi")));
        assertEquals("INT:1", describe(leaves.get("Inline.k")));
        assertEquals("STRING:x", describe(leaves.get("Inline.j")));
        assertEquals("INT:128", describe(leaves.get("Model.size")));
        assertEquals("INT:12", describe(leaves.get("Model.depth")));
        assertEquals("FLOAT:0.25", describe(leaves.get("Model.Sub.w")));
        for (String skipped : List.of("fstring", "a", "b", "x", "y", "expr", "hidden", "Model.local")) {
            assertNull(leaves.get(skipped), skipped);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad.yaml|a: 1\\nb: [1, 2\\n|bad.yaml:3:1: invalid YAML",
        "bad.yaml|- 1\\n- 2\\n|bad.yaml:1:1: expected a mapping",
        "bad.json|{\"a\": 1,\\n \"b\": }|bad.json:2:7: invalid JSON",
        "bad.json|{\"a\": 1, \"a\": 2}|bad.json:1:10: invalid JSON: duplicate key 'a'",
        "bad.toml|a = 1\\nb = = 2\\n|bad.toml:2:5: invalid TOML",
        "bad.py|lr = 0.1\\nname = 'open\\n|bad.py:2:8: invalid Python: unterminated string",
        "bad.py|x = [1,\\n 2\\n|bad.py:1:5: invalid Python: '[' was never closed",
        "bad.py|x = 1\\n    y = 2\\n|bad.py:2:5: invalid Python: unexpected indent",
        "bad.py|class A:\\nx = 1\\n|bad.py:2:1: invalid Python: expected an indented block",
        "bad.ini|a = 1|bad.ini: unsupported file format 'ini'",
    })
    void badFilesNameFileLineAndColumn(String name, String text, String expected) {
        CairnException e = assertThrows(CairnException.class,
                () -> ParamsFile.parse(text.replace("\\n", "\n"), name, name));
        assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void lookupWalksNestedMappings() {
        YNode.Mapping root = ParamsFile.parse("train:\n  lr: 0.1\n  opt: {m: 0.9}\n\"a.b\": 1\n", "p.yaml", "p.yaml");
        assertEquals("0.1", ((YNode.Scalar) ParamsFile.lookup(root, "train.lr")).text());
        assertEquals("0.9", ((YNode.Scalar) ParamsFile.lookup(root, "train.opt.m")).text());
        assertTrue(ParamsFile.lookup(root, "train.opt") instanceof YNode.Mapping);
        assertEquals("1", ((YNode.Scalar) ParamsFile.lookup(root, "a.b")).text());
        assertNull(ParamsFile.lookup(root, "train.missing"));
        assertNull(ParamsFile.lookup(root, "train.lr.deeper"));
        assertEquals(List.of("train.opt.m"), List.copyOf(ParamsFile.flatten("train.opt", ParamsFile.lookup(root, "train.opt")).keySet()));
    }

    @Test
    void valuesCompareAsPythonDoesAndSubtractExactly() {
        YNode.Mapping root = ParamsFile.parse("a: 0.10\nb: 0.1\nc: 1\nd: 1.0\ne: [1, 2]\nf: [1.0, 2]\ng: '1'\n", "v.yaml", "v.yaml");
        assertTrue(Values.same(root.get("a"), root.get("b")));
        assertTrue(Values.same(root.get("c"), root.get("d")));
        assertTrue(Values.same(root.get("e"), root.get("f")));
        assertTrue(!Values.same(root.get("c"), root.get("g")));
        assertEquals(new BigDecimal("0.037826"), Values.subtract(new BigDecimal("0.801807"), new BigDecimal("0.763981")));
        assertEquals(3L, Values.subtract(5L, 2L));
    }
}
