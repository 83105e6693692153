package dev.cairn.app;

import dev.cairn.hash.ObjectId;
import dev.cairn.hash.Tree;
import dev.cairn.hash.TreeEntry;
import dev.cairn.repo.RunContext;
import dev.cairn.transfer.Transfer;
import dev.cairn.util.CairnException;
import dev.cairn.util.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cairn ls}: the files of another repository at a commit as a user would see them after a
 * checkout and a pull: what Git tracks, and the outputs Cairn tracks, marked. A tracked directory
 * is opened (its tree read from the source's cache or remote) only when the listing goes into it.
 */
public final class LsService {

    /**
     * One listed entry.
     *
     * @param path  relative to the listed directory (for a listed file: its name)
     * @param isOut Cairn tracks it: an output, or inside a tracked directory
     * @param id    the object id, when Cairn tracks it
     */
    public record Entry(String path, boolean isDir, boolean isOut, ObjectId id) {
    }

    /** @param unopened tracked directories under the listed path whose contents are nowhere to be read */
    public record Listing(String commit, List<Entry> entries, List<String> unopened) {
    }

    /** A file, or a tracked directory not opened; {@code outRoot} is the output it belongs to (null: Git). */
    private record Node(String path, ObjectId id, String outRoot) {
        boolean unopenedDir() {
            return id != null && id.isDir() && path.equals(outRoot);
        }
    }

    private final RunContext context;

    public LsService(RunContext context) {
        this.context = context;
    }

    public Listing ls(String location, String path, String rev, boolean recursive, boolean cairnOnly) {
        try (Workers workers = new Workers(context.jobs());
             SourceRepo source = SourceRepo.open(location, rev, context.cwd(), GetService.tempParent(context.cwd()))) {
            SourceObjects objects = new SourceObjects(source, new Transfer(workers));
            String p = path == null ? "" : SourceObjects.normalize(path);
            List<Node> nodes = new ArrayList<>();
            source.gitFiles().forEach(f -> nodes.add(new Node(f, null, null)));
            source.outputs().forEach(o -> nodes.add(new Node(o.path(), o.id(), o.path())));
            List<String> unopened = new ArrayList<>();
            List<Node> opened = new ArrayList<>();
            for (Node n : nodes) {
                boolean into = n.unopenedDir() && (p.equals(n.path()) || p.startsWith(n.path() + "/"));
                boolean below = n.unopenedDir() && recursive && (p.isEmpty() || n.path().startsWith(p + "/"));
                Tree tree = into || below ? objects.tree(n.id()) : null;
                if (tree == null) {
                    if (into) {
                        throw CairnException.failed("cannot list '" + n.path() + "': its file list (" + n.id()
                                + ") is " + objects.nowhere());
                    }
                    if (below) {
                        unopened.add(n.path());
                    }
                    opened.add(n);
                } else {
                    for (TreeEntry e : tree.entries()) {
                        opened.add(new Node(n.path() + "/" + e.relpath(), e.id(), n.path()));
                    }
                }
            }
            List<Entry> entries = list(opened, p, recursive, cairnOnly);
            if (entries.isEmpty() && !p.isEmpty()) {
                objects.select(p); // explains, listing what is tracked
            }
            return new Listing(source.commit(), entries, unopened);
        }
    }

    private static List<Entry> list(List<Node> nodes, String p, boolean recursive, boolean cairnOnly) {
        Map<String, Entry> result = new TreeMap<>();
        for (Node n : nodes) {
            if (n.path().equals(p) && !n.unopenedDir()) {
                String name = p.substring(p.lastIndexOf('/') + 1);
                return cairnOnly && n.outRoot() == null ? List.of() : List.of(new Entry(name, false, n.outRoot() != null, n.id()));
            }
            if (!p.isEmpty() && !n.path().startsWith(p + "/")) {
                continue;
            }
            String rel = p.isEmpty() ? n.path() : n.path().substring(p.length() + 1);
            int slash = rel.indexOf('/');
            if (recursive || slash < 0) {
                if (!cairnOnly || n.outRoot() != null) {
                    result.put(rel, new Entry(rel, n.unopenedDir(), n.outRoot() != null, n.id()));
                }
                continue;
            }
            // a directory on the way: inside an output when the output is it or holds it
            String dir = rel.substring(0, slash);
            String full = p.isEmpty() ? dir : p + "/" + dir;
            boolean out = n.outRoot() != null && (full.equals(n.outRoot()) || full.startsWith(n.outRoot() + "/"));
            Entry known = result.get(dir);
            if (cairnOnly && n.outRoot() == null) {
                continue;
            }
            if (known == null || (out && !known.isOut())) {
                result.put(dir, new Entry(dir, true, out, null));
            }
        }
        return List.copyOf(result.values());
    }
}
