package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvKeys;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.RowSource;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * INSERT of literal or parameter rows, and UPDATE of the value or DELETE of rows found by key lookup, run on the
 * engine with the adapter's semantics ({@code KvWriteSpec}): a NULL key or value fails with 23502, a present or
 * repeated key on INSERT with 23505; the count is the rows inserted, updated or deleted. An INSERT with an ON
 * CONFLICT action ({@link Upserts}) overwrites present keys (one put each, counted) or skips them (not counted).
 *
 * <p><b>Atomicity.</b> All rows are computed and checked before the first is written, so a failing statement
 * changes nothing, also inside an explicit transaction. In auto-commit mode a statement writes in a transaction of
 * its own, committed before the count is returned (a concurrent change of a key it read fails with 40001); a
 * single-row INSERT there is one atomic engine insert. Inside a transaction the writes are buffered in it.
 * Immutable and thread-safe.
 */
final class WriteExecutor implements Executor {
    enum Kind { INSERT, UPDATE, DELETE }

    private final Kind kind;
    private final Pipeline input;
    private final int[] parameterTypes;
    /** Whether the input is exactly one row (VALUES of one tuple, no filter). */
    private final boolean singleRow;
    /** For an INSERT: what a present key does; null fails with 23505. */
    private final Upserts.OnConflict onConflict;

    /** For a single-row INSERT of one VALUES row under at most one projection: that row and projection. */
    private final Object[] valuesRow;
    private final Expr[] valuesProjects;

    WriteExecutor(Kind kind, Pipeline input, int[] parameterTypes, boolean singleRow) {
        this(kind, input, parameterTypes, singleRow, null);
    }

    private WriteExecutor(Kind kind, Pipeline input, int[] parameterTypes, boolean singleRow,
                          Upserts.OnConflict onConflict) {
        this.kind = kind;
        this.input = input;
        this.parameterTypes = parameterTypes.clone();
        this.singleRow = singleRow;
        this.onConflict = onConflict;
        Object[] row = null;
        Expr[] projects = null;
        if (kind == Kind.INSERT && singleRow && input.source() instanceof Pipeline.Values v && v.rows().size() == 1
                && input.steps().size() <= 1
                && (input.steps().isEmpty() || input.steps().get(0) instanceof Pipeline.Calc c && c.condition() == null)) {
            row = v.rows().get(0);
            projects = input.steps().isEmpty() ? null : ((Pipeline.Calc) input.steps().get(0)).projects();
        }
        this.valuesRow = row;
        this.valuesProjects = projects;
    }

    /** The one row of a single-row INSERT, evaluated without the pipeline's iterators (batch loads run this). */
    private Object[] singleInsertRow(ExecContext ctx, KvTransaction joined, Object[] params) throws SQLException {
        if (valuesRow == null) {
            return input.open(ctx, joined, params).next();
        }
        if (valuesProjects == null) {
            return valuesRow;
        }
        return new Object[] {valuesProjects[0].eval(valuesRow, params), valuesProjects[1].eval(valuesRow, params)};
    }

    /** This INSERT with an ON CONFLICT action ({@link Upserts}); null for UPDATE and DELETE. */
    WriteExecutor onConflict(Upserts.OnConflict action) {
        return kind == Kind.INSERT ? new WriteExecutor(kind, input, parameterTypes, singleRow, action) : null;
    }

    @Override
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    @Override
    public KvResultSetMetaData metaData() {
        return null;
    }

    @Override
    public RowSource query(ExecContext ctx, Object[] params) throws SQLException {
        throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "an " + kind + " does not return a result set");
    }

    private static byte[] key(Object k) throws SQLException {
        if (k == null) {
            throw KvErrors.create(SqlState.NOT_NULL_VIOLATION, "NULL key: column kv.key is NOT NULL");
        }
        return KvKeys.fromSql((String) k);
    }

    private static byte[] value(Object v) throws SQLException {
        if (v == null) {
            throw KvErrors.create(SqlState.NOT_NULL_VIOLATION, "NULL value: column kv.value is NOT NULL");
        }
        return (byte[]) v;
    }

    @Override
    public long update(ExecContext ctx, Object[] params) throws SQLException {
        KvSession session = ctx.session();
        KvTransaction joined;
        try {
            joined = session.transaction();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        if (kind == Kind.INSERT && singleRow) {
            Object[] row = singleInsertRow(ctx, joined, params);
            byte[] k = key(row[0]);
            byte[] v = value(row[1]);
            try {
                if (onConflict == Upserts.OnConflict.UPDATE) {
                    if (joined != null) {
                        joined.put(k, v);
                    } else {
                        session.store().put(k, v);
                    }
                    return 1;
                }
                if (onConflict == Upserts.OnConflict.IGNORE) {
                    if (joined != null) {
                        if (joined.exists(k)) {
                            return 0;
                        }
                        joined.insertOwned(k, v);
                    } else {
                        try {
                            session.store().insert(k, v);
                        } catch (KvDuplicateKeyException present) {
                            return 0;
                        }
                    }
                    return 1;
                }
                if (joined != null) {
                    // k is new; v is a literal or the driver's own parameter copy, never changed afterwards
                    joined.insertOwned(k, v);
                } else {
                    session.store().insert(k, v);
                }
            } catch (KvDuplicateKeyException e) {
                // named as the multi-row INSERT and Calcite's runtime name it
                throw KvErrors.translate(new KvDuplicateKeyException("duplicate key '" + KvKeys.toSql(k)
                        + "' in table kv"));
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
            return 1;
        }
        KvTransaction tx;
        try {
            tx = joined != null ? joined : session.store().begin();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        boolean ok = false;
        try {
            long n = apply(ctx, tx, params);
            if (joined == null) {
                tx.commit();
            }
            ok = true;
            return n;
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        } finally {
            if (!ok && joined == null) {
                try {
                    tx.rollback();
                } catch (RuntimeException ignored) {
                    // the statement's failure is what the caller needs
                }
            }
        }
    }

    /** Computes and checks every row, then writes them; returns the count. */
    private long apply(ExecContext ctx, KvTransaction tx, Object[] params) throws SQLException {
        Pipeline.Rows rows = input.open(ctx, tx, params);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        Set<ByteBuffer> seen = kind == Kind.INSERT ? new HashSet<>() : null;
        for (Object[] row; (row = rows.next()) != null; ) {
            byte[] k = key(row[0]);
            if (kind == Kind.INSERT && onConflict == Upserts.OnConflict.UPDATE) {
                values.add(value(row[1])); // a repeated key: the last value is written last
            } else if (kind == Kind.INSERT && onConflict == Upserts.OnConflict.IGNORE) {
                byte[] v = value(row[1]);
                if (!seen.add(ByteBuffer.wrap(k)) || tx.exists(k)) {
                    continue;
                }
                values.add(v);
            } else if (kind == Kind.INSERT) {
                byte[] v = value(row[1]);
                if (!seen.add(ByteBuffer.wrap(k)) || tx.exists(k)) {
                    throw KvErrors.translate(new KvDuplicateKeyException("duplicate key '" + KvKeys.toSql(k)
                            + "' in table kv"));
                }
                values.add(v);
            } else if (kind == Kind.UPDATE) {
                values.add(value(row[2]));
            }
            keys.add(k);
            ctx.checkAbort(keys.size());
        }
        long n = 0;
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = keys.get(i);
            switch (kind) {
                case INSERT -> {
                    if (onConflict == Upserts.OnConflict.UPDATE) {
                        tx.put(k, values.get(i));
                    } else {
                        tx.insertOwned(k, values.get(i));
                    }
                    n++;
                }
                case UPDATE -> n += tx.replace(k, values.get(i)) ? 1 : 0;
                default -> n += tx.delete(k) ? 1 : 0;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return kind + (onConflict == null ? "" : " ON CONFLICT " + onConflict) + "[" + input.source() + "]";
    }
}
