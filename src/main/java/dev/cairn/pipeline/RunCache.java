package dev.cairn.pipeline;

import dev.cairn.hash.TreeCodec;
import dev.cairn.manifest.LockEntry;
import dev.cairn.manifest.LockFile;
import dev.cairn.manifest.Output;
import dev.cairn.manifest.YNode;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Runs recorded earlier, keyed by a hash of a stage's command, dependency hashes and parameter
 * values: {@code <cache>/runs/<key[:2]>/<key>/<hash of the entry>} holds the lock entry of a run
 * (DVC's layout), so that outputs can be restored instead of recomputed.
 */
public final class RunCache {

    private final Path dir;

    public RunCache(Path cacheDir) {
        this.dir = cacheDir.resolve("runs");
    }

    /** The key of a run: MD5 of a canonical JSON of command, dependencies and params. */
    public static String key(LockEntry entry) {
        StringBuilder sb = new StringBuilder("{\"cmd\": [");
        for (int i = 0; i < entry.cmd().size(); i++) {
            TreeCodec.appendJsonString(sb.append(i == 0 ? "" : ", "), entry.cmd().get(i));
        }
        sb.append("], \"deps\": [");
        List<Output> deps = entry.deps().stream().sorted(Comparator.comparing(Output::path)).toList();
        for (int i = 0; i < deps.size(); i++) {
            sb.append(i == 0 ? "[" : ", [");
            TreeCodec.appendJsonString(sb, deps.get(i).path());
            TreeCodec.appendJsonString(sb.append(", "), String.valueOf(deps.get(i).id()));
            sb.append(']');
        }
        sb.append("], \"params\": {");
        boolean first = true;
        for (Map.Entry<String, ? extends Map<String, YNode>> file : new java.util.TreeMap<>(entry.params()).entrySet()) {
            TreeCodec.appendJsonString(sb.append(first ? "" : ", "), file.getKey());
            sb.append(": ");
            appendValue(sb, new YNode.Mapping(new java.util.LinkedHashMap<>(file.getValue()), null));
            first = false;
        }
        return DigestUtils.md5Hex(sb.append("}}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void appendValue(StringBuilder sb, YNode v) {
        switch (v) {
            case YNode.Scalar s -> TreeCodec.appendJsonString(sb, s.type().name() + ":" + s.text());
            case YNode.Sequence seq -> {
                sb.append('[');
                for (int i = 0; i < seq.items().size(); i++) {
                    appendValue(sb.append(i == 0 ? "" : ", "), seq.items().get(i));
                }
                sb.append(']');
            }
            case YNode.Mapping m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, YNode> e : new java.util.TreeMap<>(m.entries()).entrySet()) {
                    TreeCodec.appendJsonString(sb.append(first ? "" : ", "), e.getKey());
                    appendValue(sb.append(": "), e.getValue());
                    first = false;
                }
                sb.append('}');
            }
        }
    }

    /** A recorded run with this key, or null; entries that cannot be read are ignored. */
    public LockEntry find(String key) {
        Path runDir = dir.resolve(key.substring(0, 2)).resolve(key);
        if (!Files.isDirectory(runDir)) {
            return null;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runDir)) {
            for (Path p : entries) {
                if (AtomicFiles.isTemp(p.getFileName().toString())) {
                    continue;
                }
                try {
                    LockEntry e = LockFile.read(p, p.toString()).get("run");
                    if (e != null) {
                        return e;
                    }
                } catch (CairnException ignored) {
                    // a damaged record only costs a rerun
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    public void save(String key, LockEntry entry) {
        String text = LockFile.render(Map.of("run", entry));
        Path file = dir.resolve(key.substring(0, 2)).resolve(key).resolve(DigestUtils.md5Hex(text.getBytes(StandardCharsets.UTF_8)));
        if (!Files.exists(file)) {
            AtomicFiles.createDirectories(file.getParent());
            AtomicFiles.write(file, text);
        }
    }
}
