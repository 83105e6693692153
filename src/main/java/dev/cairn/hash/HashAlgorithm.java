package dev.cairn.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A content hash algorithm. Its name is written next to every hash in manifests ({@code hash: md5})
 * so that other algorithms can be added without breaking old files.
 */
public enum HashAlgorithm {
    MD5("md5", "MD5", 32);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    HashAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name used in manifests and in the cache layout ({@code files/md5/...}). */
    public String id() {
        return id;
    }

    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required by the Java platform", e);
        }
    }

    public static HashAlgorithm byId(String id) {
        for (HashAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        return null;
    }
}
