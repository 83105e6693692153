package dev.cairn.app;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeCodec;
import dev.cairn.hash.TreeEntry;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.Output;
import dev.cairn.odb.LocalCache;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Git's merge driver for manifests ({@code cairn merge-driver %O %A %B %P}). Git calls it only
 * when both branches changed a manifest. A directory output whose two sides changed different
 * files (the usual case for a growing dataset) is merged file by file from the three trees in the
 * cache; the merged tree is stored and written into "ours". Anything else is a conflict, and
 * "ours" is left as it was for Git to report.
 */
public final class MergeDriverService {

    /** One output whose data was merged: its path, its file count now, how many files came from theirs. */
    public record Merged(String path, int nfiles, int fromTheirs) {
    }

    private final Session session;

    public MergeDriverService(Session session) {
        this.session = session;
    }

    /**
     * Merges the manifests {@code ancestor} (empty when the branches share none), {@code ours} and
     * {@code theirs}, writing the result into {@code ours}; {@code name} is the manifest's path in
     * the repository, for messages. Throws, leaving {@code ours} untouched, when it cannot.
     */
    public List<Merged> merge(Path ancestor, Path ours, Path theirs, String name) {
        Manifest a = read(ancestor, name + " (common ancestor)", true);
        Manifest o = read(ours, name + " (ours)", false);
        Manifest t = read(theirs, name + " (theirs)", false);
        List<String> conflicts = new ArrayList<>();
        List<String> oursPaths = o.outs().stream().map(Output::path).toList();
        if (!oursPaths.equals(t.outs().stream().map(Output::path).toList())) {
            throw conflict(name, List.of("the two sides track different outputs: " + oursPaths + " and "
                    + t.outs().stream().map(Output::path).toList()));
        }
        // the keys besides the hashes (desc, cache, remote, meta …) merge as one value: taken from
        // the side that changed them, a conflict when both did differently
        Manifest base;
        String shapeO = shape(o);
        String shapeT = shape(t);
        if (shapeO.equals(shapeT) || shape(a).equals(shapeT)) {
            base = o;
        } else if (shape(a).equals(shapeO)) {
            base = t;
        } else {
            throw conflict(name, List.of("both sides changed keys other than the data hashes, differently"));
        }
        List<Output> outs = new ArrayList<>();
        List<Merged> merged = new ArrayList<>();
        List<TreeToStore> trees = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < base.outs().size(); i++) {
            Output b = base.outs().get(i);
            Output oo = o.outs().get(i);
            Output to = t.outs().get(i);
            Output ao = a.outs().stream().filter(x -> x.path().equals(b.path())).findFirst().orElse(null);
            if (sameData(oo, to) || (ao != null && sameData(ao, to))) {
                outs.add(withDataOf(b, oo));
            } else if (ao != null && sameData(ao, oo)) {
                outs.add(withDataOf(b, to));
            } else if (oo.legacyHash() != to.legacyHash()) {
                // DVC 2 hashes (no 'hash:' key) of text files differ from raw MD5s: the lists do not compare
                conflicts.add(b.path() + ": one side has DVC 2 hashes (no 'hash: md5'), the other not"
                        + "\n\thint: 'cairn add' the data again on the DVC 2 side, which records raw MD5s, then merge again");
            } else if (oo.isDir() && to.isDir() && (ao == null || ao.id() == null || ao.isDir())) {
                TreeMerge m = mergeTrees(b.path(), ao, oo, to, conflicts, missing);
                if (m != null) {
                    trees.add(new TreeToStore(m.id(), m.bytes()));
                    outs.add(new Output(b.path(), m.id(), m.size(), m.nfiles(), false, oo.legacyHash(), b.extra(), b.mark()));
                    merged.add(new Merged(b.path(), m.nfiles(), m.fromTheirs()));
                }
            } else {
                conflicts.add(b.path() + ": both sides changed it" + (oo.isDir() && to.isDir()
                        ? ", and it was a file in the common ancestor" : oo.isDir() || to.isDir()
                        ? ", a file on one side and a directory on the other" : ", and a tracked file cannot be merged")
                        + "\n\thint: keep one side with 'git checkout --ours " + name + "' or '--theirs', then"
                        + " 'git add " + name + "' and 'cairn checkout'");
            }
        }
        if (!missing.isEmpty()) {
            throw CairnException.failed("cannot merge " + name + ": the cache lacks the directory listings of\n\t"
                    + String.join("\n\t", missing)
                    + "\nhint: fetch them ('cairn fetch' on each branch, or from the remote they were pushed to),"
                    + " then merge again");
        }
        if (!conflicts.isEmpty()) {
            throw conflict(name, conflicts);
        }
        for (TreeToStore tree : trees) {
            session.cache().putBytes(tree.id(), tree.bytes());
        }
        ManifestCodec.write(new Manifest(ours, outs, base.extra()));
        return merged;
    }

    private record TreeToStore(ObjectId id, byte[] bytes) {
    }

    private record TreeMerge(ObjectId id, byte[] bytes, long size, int nfiles, int fromTheirs) {
    }

    /** Three-way merge of the file lists; null when the trees are missing or conflict (recorded in the lists). */
    private TreeMerge mergeTrees(String path, Output ancestor, Output ours, Output theirs, List<String> conflicts,
                                 List<String> missing) {
        LocalCache cache = session.cache();
        Tree a = ancestor == null || ancestor.id() == null ? Tree.of(List.of()) : load(cache, ancestor.id(), path,
                "common ancestor", missing);
        Tree o = load(cache, ours.id(), path, "ours", missing);
        Tree t = load(cache, theirs.id(), path, "theirs", missing);
        if (a == null || o == null || t == null) {
            return null;
        }
        Set<String> relpaths = new TreeSet<>(Tree.CODE_POINT_ORDER);
        for (Tree tree : List.of(a, o, t)) {
            tree.entries().forEach(e -> relpaths.add(e.relpath()));
        }
        List<TreeEntry> result = new ArrayList<>();
        List<String> found = new ArrayList<>();
        // entries whose merged value differs from ours: they decide the size of the result
        Map<String, ObjectId[]> takenFromTheirs = new LinkedHashMap<>();
        boolean bothChangedAlike = false;
        for (String rel : relpaths) {
            ObjectId ai = idOf(a, rel);
            ObjectId oi = idOf(o, rel);
            ObjectId ti = idOf(t, rel);
            ObjectId m;
            if (Objects.equals(oi, ti)) {
                m = oi;
                bothChangedAlike |= !Objects.equals(ai, oi);
            } else if (Objects.equals(ai, oi)) {
                m = ti;
                takenFromTheirs.put(rel, new ObjectId[] {oi, ti});
            } else if (Objects.equals(ai, ti)) {
                m = oi;
            } else {
                found.add(path + "/" + rel + ": " + (ai == null ? "added on both sides with different contents"
                        : oi == null ? "deleted on our side, changed on theirs"
                        : ti == null ? "changed on our side, deleted on theirs" : "changed on both sides"));
                continue;
            }
            if (m != null) {
                result.add(new TreeEntry(rel, m));
            }
        }
        found.addAll(fileDirectoryClashes(path, result));
        if (!found.isEmpty()) {
            conflicts.addAll(found);
            return null;
        }
        Tree tree = Tree.of(result);
        byte[] bytes = TreeCodec.encode(tree);
        ObjectId id = cache.hasher().hash(bytes, true);
        long size = mergedSize(ours, theirs, ancestor, takenFromTheirs, bothChangedAlike, path);
        return new TreeMerge(id, bytes, size, result.size(), takenFromTheirs.size());
    }

    /**
     * The merged directory's size: ours plus, for each file taken from theirs, its size less the size
     * of the file it replaces. Without those files in the cache, ours + theirs - ancestor, which is
     * exact unless both sides made the same change somewhere.
     */
    private long mergedSize(Output ours, Output theirs, Output ancestor, Map<String, ObjectId[]> takenFromTheirs,
                            boolean bothChangedAlike, String path) {
        LocalCache cache = session.cache();
        long size = ours.size();
        boolean known = true;
        for (ObjectId[] change : takenFromTheirs.values()) {
            long before = change[0] == null ? 0 : cache.size(change[0]);
            long after = change[1] == null ? 0 : cache.size(change[1]);
            if (before < 0 || after < 0) {
                known = false;
                break;
            }
            size += after - before;
        }
        if (known) {
            return size;
        }
        if (!bothChangedAlike) {
            return ours.size() + theirs.size() - (ancestor == null ? 0 : ancestor.size());
        }
        throw CairnException.failed("cannot work out the size of the merged " + path
                + ": files changed on the other side are not in the cache\nhint: 'cairn fetch' them, then merge again");
    }

    /** A merged file list in which a path is both a file and the parent of another cannot be checked out. */
    private static List<String> fileDirectoryClashes(String path, List<TreeEntry> entries) {
        Set<String> files = new HashSet<>();
        entries.forEach(e -> files.add(e.relpath()));
        List<String> clashes = new ArrayList<>();
        for (TreeEntry e : entries) {
            for (int slash = e.relpath().indexOf('/'); slash > 0; slash = e.relpath().indexOf('/', slash + 1)) {
                String parent = e.relpath().substring(0, slash);
                if (files.contains(parent)) {
                    clashes.add(path + "/" + parent + ": a file on one side, a directory holding "
                            + e.relpath() + " on the other");
                }
            }
        }
        return clashes;
    }

    private static Tree load(LocalCache cache, ObjectId id, String path, String side, List<String> missing) {
        Tree tree = cache.readTree(id);
        if (tree == null) {
            missing.add(path + " (" + side + ", " + id + ")");
        }
        return tree;
    }

    private static ObjectId idOf(Tree tree, String relpath) {
        TreeEntry e = tree.get(relpath);
        return e == null ? null : e.id();
    }

    /** {@code base}'s path and keys with {@code data}'s hash, size, file count, exec bit and hash kind. */
    private static Output withDataOf(Output base, Output data) {
        return new Output(base.path(), data.id(), data.size(), data.nfiles(), data.isExec(), data.legacyHash(),
                base.extra(), base.mark());
    }

    private static boolean sameData(Output x, Output y) {
        return Objects.equals(x.id(), y.id()) && x.isExec() == y.isExec() && x.legacyHash() == y.legacyHash();
    }

    /** The manifest without its hashes: what must agree for the hashes to be merged. */
    private static String shape(Manifest m) {
        return ManifestCodec.render(m.withOuts(m.outs().stream().map(x -> x.withHash(null, 0, null, false)).toList()));
    }

    private Manifest read(Path file, String shownName, boolean mayBeEmpty) {
        try {
            if (!Files.isRegularFile(file)) {
                throw CairnException.badInput(shownName + ": no such file " + file);
            }
            if (mayBeEmpty && Files.size(file) == 0) {
                return new Manifest(file, List.of(), null); // Git's stand-in when there is no common ancestor
            }
        } catch (IOException e) {
            throw IoErrors.failure("read", file, e);
        }
        return ManifestCodec.read(file, shownName);
    }

    private static CairnException conflict(String name, List<String> why) {
        return CairnException.failed("cannot merge " + name + ":\n\t" + String.join("\n\t", why)
                + "\n" + name + " keeps our side; resolve the conflict, 'git add' it, then run 'cairn checkout'");
    }
}
