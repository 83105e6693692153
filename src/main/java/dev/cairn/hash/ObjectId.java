package dev.cairn.hash;


/**
 * The id of a cache object: a lowercase hex digest, and for a directory tree the suffix
 * {@code .dir}. Ids are made only from a digest or by {@link #parse}, which validates, so an id
 * is always safe to use in a path.
 */
public final class ObjectId implements Comparable<ObjectId> {

    public static final String DIR_SUFFIX = ".dir";

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private final HashAlgorithm algorithm;
    private final String hex;
    private final boolean isDir;
    private final byte[] digest; // null when parsed from text

    private ObjectId(HashAlgorithm algorithm, String hex, boolean isDir, byte[] digest) {
        this.algorithm = algorithm;
        this.hex = hex;
        this.isDir = isDir;
        this.digest = digest;
    }

    public static ObjectId ofDigest(HashAlgorithm algorithm, byte[] digest, boolean isDir) {
        return new ObjectId(algorithm, HEX.formatHex(digest), isDir, digest.clone());
    }

    /** Parses {@code <hex>} or {@code <hex>.dir}; returns null when the text is not a valid id. */
    public static ObjectId parse(HashAlgorithm algorithm, String text) {
        if (text == null) {
            return null;
        }
        boolean dir = text.endsWith(DIR_SUFFIX);
        String hex = dir ? text.substring(0, text.length() - DIR_SUFFIX.length()) : text;
        if (!isHex(hex, algorithm.hexLength())) {
            return null;
        }
        return new ObjectId(algorithm, hex, dir, null);
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    public String hex() {
        return hex;
    }

    public boolean isDir() {
        return isDir;
    }

    /** The value written in manifests: the hex digest, with {@code .dir} for trees. */
    public String value() {
        return isDir ? hex + DIR_SUFFIX : hex;
    }

    public byte[] digestBytes() {
        if (digest != null) {
            return digest.clone();
        }
        return HEX.parseHex(hex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && isDir == other.isDir && algorithm == other.algorithm && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode() + (isDir ? 1 : 0);
    }

    @Override
    public int compareTo(ObjectId o) {
        return value().compareTo(o.value());
    }

    @Override
    public String toString() {
        return value();
    }
}
