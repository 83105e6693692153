package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Where an imported output comes from, in DVC's {@code .dvc} import schema:
 * <pre>
 * frozen: true
 * deps:
 * - path: data/images
 *   repo:
 *     url: https://github.com/org/registry
 *     rev: v2          # only when a revision was asked for
 *     rev_lock: 0a1b…  # the commit the data was taken from
 * </pre>
 * Other keys of the entry (DVC's {@code config}, {@code remote}) are kept as read.
 *
 * @param path    the data's path in the source repository
 * @param url     the source repository: a Git URL, or a directory (relative to the manifest's)
 * @param rev     the revision asked for; null means the source's default branch
 * @param revLock the full commit id the data was taken from
 */
public record RepoDep(String path, String url, String rev, String revLock) {

    private static final Set<String> REPO_KEYS = Set.of("url", "rev", "rev_lock");

    /** The source a manifest records, or null when it records none (it is not an import). */
    public static RepoDep of(Manifest m) {
        if (!(m.extra().get("deps") instanceof YNode.Sequence deps)) {
            return null;
        }
        for (YNode item : deps.items()) {
            if (item instanceof YNode.Mapping dep && dep.get("repo") != null) {
                if (!(dep.get("repo") instanceof YNode.Mapping repo)) {
                    throw CairnException.badInput(dep.get("repo").mark() + ": 'repo' must be a mapping with url and rev_lock");
                }
                return new RepoDep(text(dep, "path", true), text(repo, "url", true), text(repo, "rev", false),
                        text(repo, "rev_lock", false));
            }
        }
        return null;
    }

    private static String text(YNode.Mapping m, String key, boolean required) {
        YNode n = m.get(key);
        if (n == null && !required) {
            return null;
        }
        if (!(n instanceof YNode.Scalar s) || s.type() == YNode.Scalar.Type.NULL) {
            throw CairnException.badInput((n == null ? m.mark() : n.mark()) + ": '" + key + "' must be a string");
        }
        return s.text();
    }

    /** {@code m} recording this source: frozen (so that it changes only through an update) and its deps entry. */
    public Manifest applyTo(Manifest m) {
        YNode.Mapping old = null;
        if (m.extra().get("deps") instanceof YNode.Sequence deps && !deps.items().isEmpty()
                && deps.items().get(0) instanceof YNode.Mapping first) {
            old = first;
        }
        LinkedHashMap<String, YNode> repo = new LinkedHashMap<>();
        repo.put("url", YNode.Scalar.ofString(url));
        if (rev != null) {
            repo.put("rev", YNode.Scalar.ofString(rev));
        }
        repo.put("rev_lock", YNode.Scalar.ofString(revLock));
        LinkedHashMap<String, YNode> dep = new LinkedHashMap<>();
        dep.put("path", YNode.Scalar.ofString(path));
        dep.put("repo", new YNode.Mapping(repo, null));
        if (old != null) {
            old.entries().forEach((k, v) -> {
                if (!dep.containsKey(k)) {
                    dep.put(k, v);
                }
            });
            if (old.get("repo") instanceof YNode.Mapping oldRepo) {
                oldRepo.entries().forEach((k, v) -> {
                    if (!REPO_KEYS.contains(k)) {
                        repo.put(k, v);
                    }
                });
            }
        }
        LinkedHashMap<String, YNode> top = new LinkedHashMap<>(m.extra());
        top.putIfAbsent("frozen", YNode.Scalar.ofBool(true));
        top.put("deps", new YNode.Sequence(List.of(new YNode.Mapping(dep, null)), null));
        return new Manifest(m.file(), m.outs(), top);
    }
}
