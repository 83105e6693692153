package dev.cairn.manifest;

import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code pipeline.lock} (dvc.lock's schema 2.0). */
public final class LockFile {

    private LockFile() {
    }

    /** Stage name → entry; an absent file gives an empty map. */
    public static LinkedHashMap<String, LockEntry> read(Path file, String shownName) {
        LinkedHashMap<String, LockEntry> result = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        return parse(ManifestCodec.readText(file, shownName), shownName);
    }

    /** Stage name → entry of a lock file's text. */
    public static LinkedHashMap<String, LockEntry> parse(String text, String shownName) {
        LinkedHashMap<String, LockEntry> result = new LinkedHashMap<>();
        YNode root = YamlReader.parseCore(text, shownName);
        if (root == null) {
            return result;
        }
        if (!(root instanceof YNode.Mapping top) || !(top.get("stages") instanceof YNode.Mapping stages)) {
            throw CairnException.badInput(shownName + ":1:1: a lock file must be a mapping with 'schema' and 'stages'");
        }
        if (!(top.get("schema") instanceof YNode.Scalar schema) || !schema.text().equals("2.0")) {
            throw CairnException.badInput(shownName + ":1:1: unsupported lock file schema (expected '2.0')");
        }
        for (Map.Entry<String, YNode> e : stages.entries().entrySet()) {
            result.put(e.getKey(), entry(e.getKey(), e.getValue()));
        }
        return result;
    }

    private static LockEntry entry(String name, YNode node) {
        if (!(node instanceof YNode.Mapping m)) {
            throw CairnException.badInput(node.mark() + ": stage '" + name + "' must be a mapping");
        }
        List<String> cmd = new ArrayList<>();
        switch (m.get("cmd")) {
            case YNode.Scalar s -> cmd.add(s.text());
            case YNode.Sequence seq -> {
                for (YNode i : seq.items()) {
                    if (!(i instanceof YNode.Scalar s)) {
                        throw CairnException.badInput(i.mark() + ": stage '" + name + "': each command must be a string, not a "
                                + i.describe());
                    }
                    cmd.add(s.text());
                }
            }
            case null, default -> throw CairnException.badInput(m.mark() + ": stage '" + name + "' has no 'cmd'");
        }
        LinkedHashMap<String, LinkedHashMap<String, YNode>> params = new LinkedHashMap<>();
        if (m.get("params") instanceof YNode.Mapping files) {
            for (Map.Entry<String, YNode> f : files.entries().entrySet()) {
                if (!(f.getValue() instanceof YNode.Mapping values)) {
                    throw CairnException.badInput(f.getValue().mark() + ": params of '" + f.getKey() + "' must be a mapping");
                }
                params.put(f.getKey(), new LinkedHashMap<>(values.entries()));
            }
        }
        return new LockEntry(cmd, outputs(m.get("deps"), name), params, outputs(m.get("outs"), name));
    }

    private static List<Output> outputs(YNode node, String stage) {
        List<Output> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof YNode.Sequence seq)) {
            throw CairnException.badInput(node.mark() + ": stage '" + stage + "': expected a list");
        }
        for (YNode item : seq.items()) {
            result.add(ManifestCodec.parseOutput(item));
        }
        return result;
    }

    public static String render(Map<String, LockEntry> stages) {
        LinkedHashMap<String, YNode> top = new LinkedHashMap<>();
        top.put("schema", YNode.Scalar.ofString("2.0"));
        LinkedHashMap<String, YNode> stageMap = new LinkedHashMap<>();
        for (Map.Entry<String, LockEntry> e : stages.entrySet()) {
            LockEntry entry = e.getValue();
            LinkedHashMap<String, YNode> m = new LinkedHashMap<>();
            m.put("cmd", entry.cmd().size() == 1 ? YNode.Scalar.ofString(entry.cmd().get(0))
                    : new YNode.Sequence(entry.cmd().stream().map(c -> (YNode) YNode.Scalar.ofString(c)).toList(), null));
            if (!entry.deps().isEmpty()) {
                m.put("deps", entries(entry.deps()));
            }
            if (!entry.params().isEmpty()) {
                LinkedHashMap<String, YNode> files = new LinkedHashMap<>();
                entry.params().forEach((file, values) -> files.put(file, new YNode.Mapping(new LinkedHashMap<>(values), null)));
                m.put("params", new YNode.Mapping(files, null));
            }
            if (!entry.outs().isEmpty()) {
                m.put("outs", entries(entry.outs()));
            }
            stageMap.put(e.getKey(), new YNode.Mapping(m, null));
        }
        top.put("stages", new YNode.Mapping(stageMap, null));
        return YamlWriter.write(new YNode.Mapping(top, null));
    }

    /** Entries in DVC's lock order: path, hash, md5, size, nfiles, isexec; sorted by path. */
    private static YNode.Sequence entries(List<Output> outputs) {
        List<YNode> items = new ArrayList<>();
        for (Output o : outputs.stream().sorted(Comparator.comparing(Output::path)).toList()) {
            LinkedHashMap<String, YNode> e = new LinkedHashMap<>();
            e.put("path", YNode.Scalar.ofString(o.path()));
            if (o.id() != null) {
                e.put("hash", YNode.Scalar.ofString(o.id().algorithm().id()));
                e.put(o.id().algorithm().id(), YNode.Scalar.ofString(o.id().value()));
                e.put("size", YNode.Scalar.ofInt(o.size()));
                if (o.nfiles() != null) {
                    e.put("nfiles", YNode.Scalar.ofInt(o.nfiles()));
                }
                if (o.isExec()) {
                    e.put("isexec", YNode.Scalar.ofBool(true));
                }
            }
            items.add(new YNode.Mapping(e, null));
        }
        return new YNode.Sequence(items, null);
    }

    public static void write(Path file, Map<String, LockEntry> stages) {
        AtomicFiles.write(file, render(stages));
    }
}
