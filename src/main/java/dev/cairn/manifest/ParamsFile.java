package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.nio.file.Path;

/** Reads params files (YAML or JSON) as YAML values. */
public final class ParamsFile {

    private ParamsFile() {
    }

    public static YNode.Mapping read(Path file, String shownName) {
        YNode root = YamlReader.parse(ManifestCodec.readText(file, shownName), shownName);
        if (root == null) {
            return new YNode.Mapping(new java.util.LinkedHashMap<>(), new YNode.Mark(shownName, 1, 1));
        }
        if (!(root instanceof YNode.Mapping m)) {
            throw CairnException.badInput(root.mark() + ": a params file must be a mapping");
        }
        return m;
    }

    /** The value at a dotted key ({@code train.lr}); null when absent. */
    public static YNode lookup(YNode.Mapping root, String dottedKey) {
        YNode current = root;
        for (String part : dottedKey.split("\\.")) {
            if (!(current instanceof YNode.Mapping m) || m.get(part) == null) {
                return root.get(dottedKey);
            }
            current = m.get(part);
        }
        return current;
    }
}
