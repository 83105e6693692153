package dev.cairn.hash;

/**
 * A 128-bit summary of a set of stat records (name, identity, size, modification time), the same
 * whatever order they are added in, so that a parallel walk in any order gives one value. Each
 * record is mixed into two independent 64-bit lanes and the lanes are summed. Not cryptographic:
 * it tells whether stat data changed, as stat data itself does, not whether anyone forged it.
 *
 * @param count the number of records
 */
public record Fingerprint(long a, long b, long count) {

    /** Accumulates records; not thread-safe. */
    public static final class Builder {
        private long a;
        private long b;
        private long count;

        public Builder add(String name, FileStat stat) {
            return add(name, stat.inode(), stat.size(), stat.mtimeNanos());
        }

        public Builder add(String name, long inode, long size, long mtimeNanos) {
            long h1 = 0xCBF29CE484222325L;
            long h2 = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                h1 = (h1 ^ c) * 0x100000001B3L;
                h2 = (h2 + c) * 0xC2B2AE3D27D4EB4FL;
            }
            h1 = mix(mix(mix(h1 ^ inode) ^ size) ^ mtimeNanos);
            h2 = mix(mix(mix(h2 + mtimeNanos) + inode) + size + name.length());
            a += h1;
            b += h2;
            count++;
            return this;
        }

        public Fingerprint build() {
            return new Fingerprint(a, b, count);
        }
    }

    /** The finalizer of SplitMix64: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
