package dev.cairn.manifest;

import dev.cairn.hash.ObjectId;
import java.util.LinkedHashMap;

/**
 * One tracked output of a manifest: its path (relative to the manifest's directory), its hash
 * and size, and any further keys (cache, persist, desc, remote …) kept as read.
 *
 * @param id     null when the output was never committed
 * @param nfiles null for a file
 * @param legacyHash true when the entry has no {@code hash:} key (DVC 2.x, md5 with dos2unix)
 */
public record Output(String path, ObjectId id, long size, Integer nfiles, boolean isExec, boolean legacyHash,
                     LinkedHashMap<String, YNode> extra, YNode.Mark mark) {

    public Output {
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public boolean isDir() {
        return id != null && id.isDir();
    }

    /** Whether the output is stored in the cache ({@code cache: false} says no). */
    public boolean cached() {
        return !(extra.get("cache") instanceof YNode.Scalar s && s.type() == YNode.Scalar.Type.BOOL
                && s.text().equalsIgnoreCase("false"));
    }

    public Output withHash(ObjectId newId, long newSize, Integer newNfiles, boolean exec) {
        return new Output(path, newId, newSize, newNfiles, exec, false, extra, mark);
    }

    public Output withPath(String newPath) {
        return new Output(newPath, id, size, nfiles, isExec, legacyHash, extra, mark);
    }
}
