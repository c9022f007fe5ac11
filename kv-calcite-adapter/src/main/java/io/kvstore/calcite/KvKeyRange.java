package io.kvstore.calcite;

import io.kvstore.engine.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.DataContext;

/**
 * A key range pushed into a {@link KvTableScan}: lower and upper bounds, each a literal fixed at planning time or a
 * {@code ?} read at every execution. Several bounds on one side (from {@code key > ? AND key >= 'b'}) intersect at
 * execution: the tightest wins. A bound whose parameter is SQL NULL makes the range empty, as a comparison with
 * NULL is never true.
 *
 * <p>Order: the engine's key order, unsigned bytes of the UTF-8 keys ({@link KvKeys}), which is the order of the
 * keys' Unicode code points (see docs/sql.md, "Key order"). Immutable.
 *
 * @param lows lower bounds (all must hold)
 * @param highs upper bounds (all must hold)
 */
record KvKeyRange(List<Bound> lows, List<Bound> highs) {

    /**
     * One bound.
     *
     * @param literal the key bytes, or null for a parameter
     * @param paramIndex the parameter index, or -1 for a literal
     * @param inclusive whether the bound itself is in the range
     */
    record Bound(byte[] literal, int paramIndex, boolean inclusive) {
        static Bound of(KvKeySource source, boolean inclusive) {
            return source.paramIndex() < 0 ? new Bound(KvKeys.fromSql(source.literal()), -1, inclusive)
                    : new Bound(null, source.paramIndex(), inclusive);
        }

        /** A comparison with a NULL literal: never true. */
        static final Bound NULL = new Bound(null, -1, true);

        /** The bound's key for one execution, or null for SQL NULL. */
        byte[] resolve(IntFunction<Object> params) {
            if (literal != null || paramIndex < 0) {
                return literal;
            }
            return KvKeySource.keyBytes(params.apply(paramIndex));
        }

        @Override
        public String toString() {
            return literal == null && paramIndex < 0 ? "NULL" : literal != null ? "'" + KvKeys.toSql(literal).replace("'", "''") + "'" : "?" + paramIndex;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bound b && paramIndex == b.paramIndex && inclusive == b.inclusive
                    && Arrays.equals(literal, b.literal);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(literal) * 31 + paramIndex * 2 + (inclusive ? 1 : 0);
        }
    }

    KvKeyRange {
        lows = List.copyOf(lows);
        highs = List.copyOf(highs);
    }

    static KvKeyRange all() {
        return new KvKeyRange(List.of(), List.of());
    }

    /** The keys starting with {@code prefix} (text). */
    static KvKeyRange prefix(String prefix) {
        KeyRange r = KeyRange.prefix(KvKeys.fromSql(prefix));
        List<Bound> lows = r.low() == null ? List.of() : List.of(new Bound(r.low(), -1, true));
        List<Bound> highs = r.high() == null ? List.of() : List.of(new Bound(r.high(), -1, false));
        return new KvKeyRange(lows, highs);
    }

    /** This range intersected with {@code other}. */
    KvKeyRange and(KvKeyRange other) {
        List<Bound> l = new ArrayList<>(lows);
        l.addAll(other.lows);
        List<Bound> h = new ArrayList<>(highs);
        h.addAll(other.highs);
        return new KvKeyRange(l, h);
    }

    /** The 0-based indexes of the parameters the bounds read. */
    List<Integer> parameters() {
        List<Integer> out = new ArrayList<>();
        for (Bound b : lows) {
            if (b.literal() == null && b.paramIndex() >= 0) {
                out.add(b.paramIndex());
            }
        }
        for (Bound b : highs) {
            if (b.literal() == null && b.paramIndex() >= 0) {
                out.add(b.paramIndex());
            }
        }
        return out;
    }

    boolean isAll() {
        return lows.isEmpty() && highs.isEmpty();
    }

    /** The engine range for one execution, or null when it is empty (a NULL parameter). */
    KeyRange resolve(DataContext root) {
        return resolve(i -> root.get("?" + i));
    }

    /** The engine range for parameter values {@code params} (0-based index to value), or null when it is empty. */
    KeyRange resolve(IntFunction<Object> params) {
        byte[] low = null;
        boolean lowInclusive = false;
        for (Bound b : lows) {
            byte[] v = b.resolve(params);
            if (v == null) {
                return null;
            }
            int c = low == null ? 1 : Arrays.compareUnsigned(v, low);
            if (c > 0 || (c == 0 && !b.inclusive())) {
                low = v;
                lowInclusive = b.inclusive();
            }
        }
        byte[] high = null;
        boolean highInclusive = false;
        for (Bound b : highs) {
            byte[] v = b.resolve(params);
            if (v == null) {
                return null;
            }
            int c = high == null ? -1 : Arrays.compareUnsigned(v, high);
            if (c < 0 || (c == 0 && !b.inclusive())) {
                high = v;
                highInclusive = b.inclusive();
            }
        }
        return KeyRange.of(low, lowInclusive, high, highInclusive);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (lows.isEmpty()) {
            s.append("(-inf");
        } else {
            for (Bound b : lows) {
                s.append(s.length() == 0 ? "" : " ").append(b.inclusive() ? "[" : "(").append(b);
            }
        }
        s.append(", ");
        if (highs.isEmpty()) {
            s.append("+inf)");
        } else {
            StringBuilder h = new StringBuilder();
            for (Bound b : highs) {
                h.append(h.length() == 0 ? "" : " ").append(b).append(b.inclusive() ? "]" : ")");
            }
            s.append(h);
        }
        return s.toString();
    }
}
