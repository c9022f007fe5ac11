package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvAggregateSpec;
import io.kvstore.calcite.KvKeys;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvEntry;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rows of a recognized plan: a source ({@link Source}: key lookups, a cursor, or VALUES) and the steps applied to
 * each row in turn (filter and projection, offset and fetch). Rows are {@code Object[]}: from {@code kv}
 * {@code {String key, byte[] value}}, after a projection its columns. Immutable and thread-safe; {@link #open}
 * starts an independent, lazy execution.
 */
final class Pipeline {

    /** Produces the first rows. */
    sealed interface Source permits Lookup, MetaLookup, Scan, Values, Aggregate {
    }

    /** A key to look up: a literal, or parameter {@code param} (0-based). */
    record Key(String literal, int param) {
    }

    /** Each distinct key at most once, in the order given; a NULL parameter matches nothing. */
    record Lookup(List<Key> keys) implements Source {
    }

    /**
     * Like {@link Lookup}, on {@code kv_meta}: rows {@code {String key, Long version, Timestamp created_at,
     * Timestamp updated_at, Timestamp expires_at (null when the entry never expires)}} of the live keys, the
     * timestamps as Calcite's runtime gives them ({@link MetaTimestamps}).
     */
    record MetaLookup(List<Key> keys) implements Source {
    }

    /** Every entry a cursor source yields. */
    record Scan(CursorSource cursor) implements Source {
    }

    /** Literal rows (INSERT ... VALUES). */
    record Values(List<Object[]> rows) implements Source {
    }

    /** The one row of count/min/max over a key range, computed by the adapter's spec on the engine's index. */
    record Aggregate(KvAggregateSpec spec) implements Source {
    }

    /** A step on each row. */
    sealed interface Step permits Calc, Limit, Group, Order, Join {
    }

    /**
     * GROUP BY one column ({@code key}, an index into the row) with aggregates: rows {@code {key, aggregates...}},
     * one per distinct key, in the order of a {@link java.util.HashMap} filled in input order (the order of
     * Calcite's {@code EnumerableAggregate}). Run by {@link Grouping}.
     */
    record Group(int key, Grouping.Agg[] aggs) implements Step {
    }

    /** ORDER BY of aggregated rows: a stable sort on {@code fields}, each with its direction and NULL placement. */
    record Order(int[] fields, boolean[] descending, boolean[] nullsFirst) implements Step {
    }

    /** How a {@link Join} pairs input rows with looked-up rows. */
    enum JoinKind { INNER, LEFT }

    /**
     * Each row joined to the {@code kv} row whose key is the text of field {@code inputKey}, one key lookup per row
     * (what the adapter's {@code KvLookupJoin} plans): run by {@link LookupJoin}.
     */
    record Join(int inputKey, JoinKind kind) implements Step {
    }

    /** Keeps rows whose condition is TRUE (null: all), then projects (null: unchanged). */
    record Calc(Expr condition, Expr[] projects) implements Step {
    }

    /** Skips {@code offset} rows, then stops after {@code fetch} (either null: no bound). */
    record Limit(Expr offset, Expr fetch) implements Step {
    }

    /** A pull iterator: the next row, or null at the end. */
    interface Rows {
        Object[] next() throws SQLException;
    }

    private final Source source;
    private final List<Step> steps;

    Pipeline(Source source, List<Step> steps) {
        this.source = source;
        this.steps = List.copyOf(steps);
    }

    Source source() {
        return source;
    }

    List<Step> steps() {
        return steps;
    }

    /** Starts an execution reading through {@code tx} when not null, else {@code ctx}'s session. */
    Rows open(ExecContext ctx, KvTransaction tx, Object[] params) throws SQLException {
        Rows rows = openSource(ctx, tx, params);
        for (Step s : steps) {
            rows = s instanceof Calc c ? calc(ctx, rows, c, params)
                    : s instanceof Group g ? Grouping.group(ctx, rows, g, params)
                    : s instanceof Order o ? Grouping.order(ctx, rows, o)
                    : s instanceof Join j ? LookupJoin.join(ctx, tx, rows, j)
                    : limit(rows, (Limit) s, params);
        }
        return rows;
    }

    private Rows openSource(ExecContext ctx, KvTransaction tx, Object[] params) throws SQLException {
        KvSession session = ctx.session();
        if (source instanceof Lookup l) {
            return lookup(session, tx, l.keys(), params, null);
        }
        if (source instanceof MetaLookup m) {
            return lookup(session, tx, m.keys(), params, new MetaTimestamps());
        }
        if (source instanceof Values v) {
            List<Object[]> rows = v.rows();
            return new Rows() {
                private int i;

                @Override
                public Object[] next() {
                    return i < rows.size() ? rows.get(i++) : null;
                }
            };
        }
        if (source instanceof Aggregate a) {
            ctx.checkAbort(0);
            Object[] row;
            try {
                row = a.spec().row(session, i -> params[i]);
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
            return new Rows() {
                private boolean done;

                @Override
                public Object[] next() {
                    if (done) {
                        return null;
                    }
                    done = true;
                    return row;
                }
            };
        }
        CursorSource cs = ((Scan) source).cursor();
        KvCursor cursor = tx != null && cs == CursorSource.FULL ? tx.cursor() : cs.open(session, params);
        return () -> {
            try {
                return cursor.next() ? new Object[] {KvKeys.toSql(cursor), cursor.value()} : null;
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
        };
    }

    /** Rows of {@code kv} ({@code meta} null) or of {@code kv_meta} (timestamps converted by {@code meta}). */
    private static Rows lookup(KvSession session, KvTransaction given, List<Key> keys, Object[] params,
                               MetaTimestamps meta) throws SQLException {
        KvTransaction tx;
        try {
            tx = given != null ? given : session.transaction();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        // keys are encoded when the statement executes, so that text no key reads as fails there (22021)
        String[] texts = new String[keys.size()];
        byte[][] encoded = new byte[keys.size()][];
        for (int j = 0; j < encoded.length; j++) {
            Key k = keys.get(j);
            String key = k.literal() != null ? k.literal() : (String) params[k.param()];
            texts[j] = key;
            try {
                encoded[j] = key == null ? null : KvKeys.fromSql(key);
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
        }
        return new Rows() {
            private int i;
            private Set<ByteBuffer> seen;

            @Override
            public Object[] next() throws SQLException {
                while (i < keys.size()) {
                    String key = texts[i];
                    byte[] kb = encoded[i++];
                    if (kb == null) {
                        continue;
                    }
                    if (keys.size() > 1) {
                        if (seen == null) {
                            seen = new HashSet<>();
                        }
                        if (!seen.add(ByteBuffer.wrap(kb))) {
                            continue;
                        }
                    }
                    if (meta != null) {
                        KvEntry e;
                        try {
                            e = tx != null ? tx.getEntry(kb) : session.store().getEntry(kb);
                        } catch (RuntimeException ex) {
                            throw KvErrors.translate(ex);
                        }
                        if (e != null) {
                            return new Object[] {key, e.version(), meta.timestamp(e.createdMillis()),
                                    meta.timestamp(e.updatedMillis()),
                                    e.expiresMillis() == 0 ? null : meta.timestamp(e.expiresMillis())};
                        }
                        continue;
                    }
                    byte[] value;
                    try {
                        value = tx != null ? tx.get(kb) : session.store().get(kb);
                    } catch (RuntimeException e) {
                        throw KvErrors.translate(e);
                    }
                    if (value != null) {
                        return new Object[] {key, value};
                    }
                }
                return null;
            }
        };
    }

    private static Rows calc(ExecContext ctx, Rows in, Calc c, Object[] params) {
        Expr cond = c.condition();
        Expr[] projects = c.projects();
        return new Rows() {
            private long seen;

            @Override
            public Object[] next() throws SQLException {
                while (true) {
                    Object[] row = in.next();
                    if (row == null) {
                        return null;
                    }
                    if (cond != null) {
                        if (cond.eval(row, params) != Boolean.TRUE) {
                            ctx.checkAbort(++seen);
                            continue;
                        }
                    }
                    if (projects == null) {
                        return row;
                    }
                    Object[] out = new Object[projects.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = projects[i].eval(row, params);
                    }
                    return out;
                }
            }
        };
    }

    /** The value of an OFFSET or FETCH bound: a non-negative count, or -1 for none. */
    static long bound(Expr e, Object[] params, String what) throws SQLException {
        if (e == null) {
            return -1;
        }
        Object v = e.eval(null, params);
        if (v == null) {
            return -1;
        }
        long n = ((Number) v).longValue();
        if (n < 0) {
            throw KvErrors.create(what.equals("OFFSET") ? SqlState.INVALID_ROW_COUNT_IN_OFFSET
                    : SqlState.INVALID_ROW_COUNT_IN_LIMIT, what + " must not be negative: " + n);
        }
        return n;
    }

    private static Rows limit(Rows in, Limit l, Object[] params) throws SQLException {
        long offset = Math.max(0, bound(l.offset(), params, "OFFSET"));
        long fetch = bound(l.fetch(), params, "FETCH/LIMIT");
        return new Rows() {
            private long skipped;
            private long returned;

            @Override
            public Object[] next() throws SQLException {
                if (fetch >= 0 && returned >= fetch) {
                    return null;
                }
                while (skipped < offset) {
                    if (in.next() == null) {
                        return null;
                    }
                    skipped++;
                }
                Object[] row = in.next();
                if (row != null) {
                    returned++;
                }
                return row;
            }
        };
    }
}
