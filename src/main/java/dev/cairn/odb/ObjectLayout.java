package dev.cairn.odb;

import dev.cairn.hash.HashAlgorithm;
import dev.cairn.hash.ObjectId;

/**
 * The one place that turns object ids into keys: {@code files/md5/ab/cdef…[.dir]}, the same in the
 * local cache and on every remote (DVC 3 layout).
 */
public final class ObjectLayout {

    private ObjectLayout() {
    }

    public static String key(ObjectId id) {
        String value = id.value();
        return "files/" + id.algorithm().id() + "/" + value.substring(0, 2) + "/" + value.substring(2);
    }

    /** The prefix directory key of all objects of an algorithm. */
    public static String root(HashAlgorithm algorithm) {
        return "files/" + algorithm.id();
    }
}
