package dev.cairn.cli;

import dev.cairn.manifest.Values;
import dev.cairn.manifest.YNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How params and metrics values read in tables: as written, numbers optionally rounded. */
final class ValueText {

    /** What a table shows where a revision has no value. */
    static final String ABSENT = "-";

    private ValueText() {
    }

    /** A value as its file writes it; lists and mappings as JSON. */
    static String of(YNode node) {
        return switch (node) {
            case null -> ABSENT;
            case YNode.Scalar s when s.type() == YNode.Scalar.Type.NULL -> "null";
            case YNode.Scalar s -> s.text();
            default -> Json.write(Values.plain(node));
        };
    }

    /** A value with its number rounded to {@code digits} after the point (what DVC's --precision does). */
    static String rounded(YNode node, int digits) {
        Number n = Values.number(node);
        return n == null ? of(node) : rounded(n, digits);
    }

    static String rounded(Number n, int digits) {
        if (n == null) {
            return ABSENT;
        }
        BigDecimal exact = Values.exact(n);
        if (exact == null) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        if (exact.scale() <= digits) {
            return exact.toPlainString(); // integers and short decimals stay as they are
        }
        BigDecimal r = exact.setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return r.signum() == 0 ? "0" : r.toPlainString();
    }

    /** A byte count as people read it: 512 B, 1.5 KiB, 2.0 GiB. */
    static String humanBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
