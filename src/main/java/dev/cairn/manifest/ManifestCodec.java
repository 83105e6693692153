package dev.cairn.manifest;

import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;
import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one reader and writer of {@code .cairn} manifests (DVC 3's {@code .dvc} schema). */
public final class ManifestCodec {

    private static final Set<String> OUT_KEYS = Set.of("md5", "size", "nfiles", "isexec", "hash", "path");
    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private ManifestCodec() {
    }

    public static Manifest read(Path file, String shownName) {
        return parse(readText(file, shownName), file, shownName);
    }

    /** Reads a small text file meant for YAML, refusing huge or non-UTF-8 files. */
    static String readText(Path file, String shownName) {
        try {
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                throw CairnException.badInput(shownName + ": file too large (over 16 MiB)");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw CairnException.badInput(shownName + ": no such file");
        } catch (CharacterCodingException e) {
            throw CairnException.badInput(shownName + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw IoErrors.failure("read", shownName, e);
        }
    }

    public static Manifest parse(String text, Path file, String shownName) {
        YNode root = YamlReader.parse(text, shownName);
        if (!(root instanceof YNode.Mapping map)) {
            throw CairnException.badInput(shownName + ":1:1: a manifest must be a mapping with an 'outs' list");
        }
        LinkedHashMap<String, YNode> extra = new LinkedHashMap<>(map.entries());
        YNode outsNode = extra.remove("outs");
        if (!(outsNode instanceof YNode.Sequence seq)) {
            throw CairnException.badInput((outsNode == null ? map.mark().toString() : outsNode.mark().toString())
                    + ": 'outs' must be a list" + (outsNode == null ? " (missing)" : ", not a " + outsNode.describe()));
        }
        List<Output> outs = new ArrayList<>();
        for (YNode item : seq.items()) {
            outs.add(parseOutput(item));
        }
        return new Manifest(file, outs, extra);
    }

    static Output parseOutput(YNode node) {
        if (!(node instanceof YNode.Mapping m)) {
            throw CairnException.badInput(node.mark() + ": each entry of 'outs' must be a mapping, not a " + node.describe());
        }
        String path = string(m, "path", true);
        String hashName = string(m, "hash", false);
        boolean legacy = hashName == null;
        if (!legacy && HashAlgorithm.byId(hashName) == null) {
            throw CairnException.badInput(m.get("hash").mark() + ": unsupported hash '" + hashName + "'");
        }
        HashAlgorithm algorithm = legacy ? HashAlgorithm.MD5 : HashAlgorithm.byId(hashName);
        ObjectId id = null;
        String idText = string(m, algorithm.id(), false);
        if (idText != null) {
            id = ObjectId.parse(algorithm, idText);
            if (id == null) {
                throw CairnException.badInput(m.get(algorithm.id()).mark() + ": '" + idText + "' is not a valid "
                        + algorithm.id() + " hash");
            }
        }
        long size = integer(m, "size", 0);
        Long nfiles = m.get("nfiles") == null ? null : integer(m, "nfiles", 0);
        if (nfiles != null && nfiles > Integer.MAX_VALUE) {
            throw CairnException.badInput(m.get("nfiles").mark() + ": 'nfiles' is too large (" + nfiles + ")");
        }
        boolean isExec = bool(m, "isexec");
        LinkedHashMap<String, YNode> extra = new LinkedHashMap<>();
        for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
            if (!OUT_KEYS.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        // errors about the path point at its value
        return new Output(path, id, size, nfiles == null ? null : Math.toIntExact(nfiles), isExec, legacy, extra,
                m.get("path").mark());
    }

    private static String string(YNode.Mapping m, String key, boolean required) {
        YNode n = m.get(key);
        if (n == null) {
            if (required) {
                throw CairnException.badInput(m.mark() + ": missing required key '" + key + "'");
            }
            return null;
        }
        // YAML 1.1 reads yes/no/on/off as booleans; DVC's YAML 1.2 reader sees strings, and so do we
        if (!(n instanceof YNode.Scalar s) || s.type() == YNode.Scalar.Type.NULL) {
            throw CairnException.badInput(n.mark() + ": '" + key + "' must be a string, not a " + n.describe());
        }
        return s.text();
    }

    private static long integer(YNode.Mapping m, String key, long fallback) {
        YNode n = m.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.INT) {
            try {
                long v = Long.parseLong(s.text().replace("_", ""));
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error
            }
        }
        throw CairnException.badInput(n.mark() + ": '" + key + "' must be a non-negative integer");
    }

    private static boolean bool(YNode.Mapping m, String key) {
        YNode n = m.get(key);
        if (n == null) {
            return false;
        }
        // only true/false: YAML 1.1 also reads yes/no/on/off as booleans, DVC's YAML 1.2 does not
        if (n instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.BOOL
                && (s.text().equalsIgnoreCase("true") || s.text().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
        }
        throw CairnException.badInput(n.mark() + ": '" + key + "' must be true or false");
    }

    /** The manifest's text, keys in DVC's order: hash, size, nfiles, isexec, hash name, path, flags. */
    public static String render(Manifest manifest) {
        LinkedHashMap<String, YNode> top = new LinkedHashMap<>();
        List<YNode> outs = new ArrayList<>();
        for (Output o : manifest.outs()) {
            LinkedHashMap<String, YNode> e = new LinkedHashMap<>();
            if (o.id() != null) {
                e.put(o.id().algorithm().id(), YNode.Scalar.ofString(o.id().value()));
                e.put("size", YNode.Scalar.ofInt(o.size()));
                if (o.nfiles() != null) {
                    e.put("nfiles", YNode.Scalar.ofInt(o.nfiles()));
                }
                if (o.isExec()) {
                    e.put("isexec", YNode.Scalar.ofBool(true));
                }
                if (!o.legacyHash()) {
                    e.put("hash", YNode.Scalar.ofString(o.id().algorithm().id()));
                }
            }
            e.put("path", YNode.Scalar.ofString(o.path()));
            e.putAll(o.extra());
            outs.add(new YNode.Mapping(e, null));
        }
        top.put("outs", new YNode.Sequence(outs, null));
        top.putAll(manifest.extra());
        return YamlWriter.write(new YNode.Mapping(top, null));
    }

    public static void write(Manifest manifest) {
        AtomicFiles.write(manifest.file(), render(manifest));
    }
}
