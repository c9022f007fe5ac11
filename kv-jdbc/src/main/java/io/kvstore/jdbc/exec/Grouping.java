package io.kvstore.jdbc.exec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hash aggregate and the sort of {@link Pipeline}'s {@link Pipeline.Group} and {@link Pipeline.Order} steps, with
 * Calcite's semantics: {@code COUNT(*)} and {@code COUNT(x)} (non-NULL values) as BIGINT, {@code SUM} (NULL when a
 * group has no non-NULL value) and Calcite's {@code $SUM0} (0 then) wrapping in the result's type as Calcite's
 * generated code does, {@code MIN}/{@code MAX} of text or integers. Groups come out in the iteration order of a
 * {@link HashMap} filled in input order, which is the order of Calcite's {@code EnumerableAggregate} for a single
 * key of these types ({@code ExprsTest} compares them). Both steps read all their input before the first row.
 * Stateless.
 */
final class Grouping {
    private Grouping() {
    }

    /** One aggregate call: its kind, its argument column (-1 for {@code COUNT(*)}), whether it sums in BIGINT. */
    record Agg(Kind kind, int arg, boolean wide) {
    }

    enum Kind { COUNT, SUM, SUM0, MIN, MAX }

    static Pipeline.Rows group(ExecContext ctx, Pipeline.Rows in, Pipeline.Group g, Object[] params)
            throws SQLException {
        Map<Object, Object[]> groups = new HashMap<>();
        Grouping.Agg[] aggs = g.aggs();
        long seen = 0;
        for (Object[] row; (row = in.next()) != null; ) {
            ctx.checkAbort(++seen);
            Object key = row[g.key()];
            Object[] acc = groups.get(key);
            if (acc == null) {
                acc = new Object[aggs.length];
                for (int i = 0; i < aggs.length; i++) {
                    acc[i] = switch (aggs[i].kind()) {
                        case COUNT -> 0L;
                        case SUM0 -> aggs[i].wide() ? (Object) 0L : (Object) 0;
                        default -> null;
                    };
                }
                groups.put(key, acc);
            }
            for (int i = 0; i < aggs.length; i++) {
                Agg a = aggs[i];
                Object v = a.arg() < 0 ? Boolean.TRUE : row[a.arg()];
                if (v == null) {
                    continue;
                }
                Object old = acc[i];
                acc[i] = switch (a.kind()) {
                    case COUNT -> (Long) old + 1;
                    case SUM, SUM0 -> {
                        long base = old == null ? 0 : ((Number) old).longValue();
                        yield a.wide() ? (Object) (base + ((Number) v).longValue())
                                : (Object) ((int) base + ((Number) v).intValue());
                    }
                    case MIN -> old == null || Exprs.compare(v, old) < 0 ? v : old;
                    case MAX -> old == null || Exprs.compare(v, old) > 0 ? v : old;
                };
            }
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Map.Entry<Object, Object[]> e : groups.entrySet()) {
            Object[] row = new Object[aggs.length + 1];
            row[0] = e.getKey();
            System.arraycopy(e.getValue(), 0, row, 1, aggs.length);
            out.add(row);
        }
        return rows(out);
    }

    static Pipeline.Rows order(ExecContext ctx, Pipeline.Rows in, Pipeline.Order o) throws SQLException {
        List<Object[]> all = new ArrayList<>();
        for (Object[] row; (row = in.next()) != null; ) {
            all.add(row);
            ctx.checkAbort(all.size());
        }
        Comparator<Object[]> cmp = (a, b) -> 0;
        for (int i = 0; i < o.fields().length; i++) {
            int f = o.fields()[i];
            boolean desc = o.descending()[i];
            boolean nullsFirst = o.nullsFirst()[i];
            cmp = cmp.thenComparing((a, b) -> {
                Object x = a[f];
                Object y = b[f];
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
                }
                int c = Exprs.compare(x, y);
                return desc ? -c : c;
            });
        }
        all.sort(cmp);
        return rows(all);
    }

    private static Pipeline.Rows rows(List<Object[]> list) {
        return new Pipeline.Rows() {
            private int i;

            @Override
            public Object[] next() {
                return i < list.size() ? list.get(i++) : null;
            }
        };
    }
}
