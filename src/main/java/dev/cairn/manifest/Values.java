package dev.cairn.manifest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the scalars of params and metrics files mean: numbers for deltas, plain Java values for
 * JSON output, and equality as Python compares them ({@code 1 == 1.0}, {@code 0.10 == 0.1}).
 */
public final class Values {

    private Values() {
    }

    /**
     * The number a node holds: Long or BigInteger for integers, BigDecimal for finite floats,
     * Double for infinities and NaN; null for anything else (strings, booleans, null, lists).
     */
    public static Number number(YNode node) {
        if (!(node instanceof YNode.Scalar s)) {
            return null;
        }
        return switch (s.type()) {
            case INT -> integer(s.text());
            case FLOAT -> decimal(s.text());
            default -> null;
        };
    }

    private static Number integer(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        String lower = digits.toLowerCase(Locale.ROOT);
        int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
        try {
            BigInteger value = new BigInteger(radix == 10 ? digits : digits.substring(2), radix);
            value = negative ? value.negate() : value;
            return value.bitLength() < 64 ? (Number) value.longValue() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Number decimal(String text) {
        String t = text.replace("_", "");
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        double sign = lower.startsWith("-") ? -1 : 1;
        switch (unsigned) {
            case ".inf", "inf", "infinity" -> {
                return sign * Double.POSITIVE_INFINITY;
            }
            case ".nan", "nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return new BigDecimal(t);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    /** The value of a number as a BigDecimal, or null for infinities and NaN. */
    public static BigDecimal exact(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Long l -> BigDecimal.valueOf(l);
            default -> Double.isFinite(n.doubleValue()) ? BigDecimal.valueOf(n.doubleValue()) : null;
        };
    }

    /** {@code newer - older}, exact where both are finite; an integer when both are integers. */
    public static Number subtract(Number newer, Number older) {
        BigDecimal a = exact(newer);
        BigDecimal b = exact(older);
        if (a == null || b == null) {
            return newer.doubleValue() - older.doubleValue();
        }
        BigDecimal d = a.subtract(b);
        if (!(newer instanceof BigDecimal) && !(older instanceof BigDecimal)) {
            BigInteger i = d.toBigIntegerExact();
            return i.bitLength() < 64 ? (Number) i.longValue() : i;
        }
        return d;
    }

    /** Booleans as written in YAML 1.2, JSON, TOML and Python. */
    public static Boolean bool(YNode.Scalar s) {
        return s.type() == YNode.Scalar.Type.BOOL ? s.text().equalsIgnoreCase("true") : null;
    }

    /**
     * The value as plain Java (String, Boolean, null, Number as in {@link #number}, List, Map),
     * for JSON output.
     */
    public static Object plain(YNode node) {
        return switch (node) {
            case null -> null;
            case YNode.Scalar s -> switch (s.type()) {
                case STRING -> s.text();
                case BOOL -> bool(s);
                case NULL -> null;
                case INT, FLOAT -> {
                    Number n = number(s);
                    yield n == null ? s.text() : n;
                }
            };
            case YNode.Sequence seq -> {
                List<Object> items = new ArrayList<>();
                seq.items().forEach(i -> items.add(plain(i)));
                yield items;
            }
            case YNode.Mapping m -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> entries.put(k, plain(v)));
                yield entries;
            }
        };
    }

    /** Whether two values are equal as Python compares them; null (absent) equals only null. */
    public static boolean same(YNode a, YNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return same(plain(a), plain(b));
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            BigDecimal p = exact(x);
            BigDecimal q = exact(y);
            return p != null && q != null ? p.compareTo(q) == 0 : x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }
}
