package dev.cairn.hash;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a directory, sorted by relpath in Unicode code-point order (Python's string
 * order, which differs from {@link String#compareTo} above U+FFFF).
 */
public final class Tree {

    public static final Comparator<String> CODE_POINT_ORDER = Tree::compareCodePoints;

    private final List<TreeEntry> entries;
    private Map<String, TreeEntry> byPath;

    private Tree(List<TreeEntry> sorted) {
        this.entries = Collections.unmodifiableList(sorted);
    }

    public static Tree of(List<TreeEntry> entries) {
        TreeEntry[] sorted = entries.toArray(new TreeEntry[0]);
        // UTF-16 order is code-point order unless a surrogate meets a char in U+E000..U+FFFF
        boolean surrogates = false;
        for (TreeEntry e : sorted) {
            if (hasSurrogate(e.relpath())) {
                surrogates = true;
                break;
            }
        }
        Arrays.sort(sorted, surrogates ? Comparator.comparing(TreeEntry::relpath, CODE_POINT_ORDER)
                : Comparator.comparing(TreeEntry::relpath));
        return new Tree(Arrays.asList(sorted));
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    public List<TreeEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** The entry at {@code relpath}, or null. */
    public synchronized TreeEntry get(String relpath) {
        if (byPath == null) {
            Map<String, TreeEntry> map = new HashMap<>(entries.size() * 2);
            for (TreeEntry e : entries) {
                map.put(e.relpath(), e);
            }
            byPath = map;
        }
        return byPath.get(relpath);
    }

    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // UTF-16 order is code-point order unless a surrogate is involved
                return Character.isSurrogate(ca) || Character.isSurrogate(cb)
                        ? Integer.compare(a.codePointAt(i), b.codePointAt(i)) : ca - cb;
            }
        }
        return a.length() - b.length();
    }
}
