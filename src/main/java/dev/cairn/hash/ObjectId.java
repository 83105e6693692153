package dev.cairn.hash;

import org.apache.commons.codec.binary.Hex;

/**
 * The id of a cache object: a lowercase hex digest, and for a directory tree the suffix
 * {@code .dir}. Only well-formed ids can be built, so an id is always safe to use in a path.
 */
public record ObjectId(HashAlgorithm algorithm, String hex, boolean isDir) implements Comparable<ObjectId> {

    public static final String DIR_SUFFIX = ".dir";

    public ObjectId {
        if (!isHex(hex, algorithm.hexLength())) {
            throw new IllegalArgumentException("not a " + algorithm.id() + " hash: " + hex);
        }
    }

    public static ObjectId ofDigest(HashAlgorithm algorithm, byte[] digest, boolean isDir) {
        return new ObjectId(algorithm, Hex.encodeHexString(digest), isDir);
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
        return new ObjectId(algorithm, hex, dir);
    }

    private static boolean isHex(String s, int length) {
        if (s == null || s.length() != length) {
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

    /** The value written in manifests: the hex digest, with {@code .dir} for trees. */
    public String value() {
        return isDir ? hex + DIR_SUFFIX : hex;
    }

    public byte[] digestBytes() {
        try {
            return Hex.decodeHex(hex);
        } catch (org.apache.commons.codec.DecoderException e) {
            throw new IllegalStateException(e);
        }
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
