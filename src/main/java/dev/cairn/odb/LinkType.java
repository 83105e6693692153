package dev.cairn.odb;

import dev.cairn.util.CairnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a workspace file is made from a cache object ({@code cache.type}). */
public enum LinkType {
    REFLINK, HARDLINK, SYMLINK, COPY;

    public static final String DEFAULT = "reflink,copy";

    /** Parses a comma-separated list such as {@code reflink,copy}; {@code origin} names the setting. */
    public static List<LinkType> parseList(String text, String origin) {
        List<LinkType> types = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                LinkType t = LinkType.valueOf(name);
                if (!types.contains(t)) {
                    types.add(t);
                }
            } catch (IllegalArgumentException e) {
                throw CairnException.badInput(origin + ": unknown cache type '" + part.strip()
                        + "' (expected reflink, hardlink, symlink or copy)");
            }
        }
        if (types.isEmpty()) {
            throw CairnException.badInput(origin + ": empty cache type");
        }
        return types;
    }

    /** Whether workspace files made this way share bytes with the cache and must stay read-only. */
    public boolean sharesCacheBytes() {
        return this == HARDLINK || this == SYMLINK;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
