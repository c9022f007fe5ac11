package io.kvstore.jdbc.exec;

import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.RowSource;
import java.sql.SQLException;
import java.util.List;

/**
 * A SELECT on {@code kv} run on the engine: a {@link Pipeline} (key lookups or a scan, filters, projections,
 * offset and fetch), optionally counted ({@code count(*)}, answered from the store's entry count without reading
 * entries when nothing filters the scan and no transaction is open), then optional steps on the count row.
 * Immutable and thread-safe.
 */
final class QueryExecutor implements Executor {
    private final Pipeline pipeline;
    /** Steps after the count, or null when the query does not count. */
    private final Pipeline counted;
    private final KvResultSetMetaData metaData;
    private final int[] parameterTypes;
    /** For a lazily decoded scan: the kv column (0 key, 1 value) of each result column; else null. */
    private final int[] scanColumns;
    private final Pipeline.Limit scanLimit;

    QueryExecutor(Pipeline pipeline, Pipeline counted, KvResultSetMetaData metaData, int[] parameterTypes,
                  int[] scanColumns, Pipeline.Limit scanLimit) {
        this.pipeline = pipeline;
        this.counted = counted;
        this.metaData = metaData;
        this.parameterTypes = parameterTypes.clone();
        this.scanColumns = scanColumns;
        this.scanLimit = scanLimit;
    }

    @Override
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    @Override
    public KvResultSetMetaData metaData() {
        return metaData;
    }

    @Override
    public RowSource query(ExecContext ctx, Object[] params) throws SQLException {
        if (counted != null) {
            long n = count(ctx, params);
            Pipeline after = new Pipeline(new Pipeline.Values(List.<Object[]>of(new Object[] {n})), counted.steps());
            return new PipelineRows(after.open(ctx, null, params));
        }
        if (scanColumns != null) {
            Pipeline.Scan scan = (Pipeline.Scan) pipeline.source();
            long offset = 0;
            long fetch = -1;
            if (scanLimit != null) {
                offset = Math.max(0, Pipeline.bound(scanLimit.offset(), params, "OFFSET"));
                fetch = Pipeline.bound(scanLimit.fetch(), params, "FETCH/LIMIT");
            }
            KvCursor cursor = scan.cursor().open(ctx.session(), params);
            return new ScanRows(cursor, scanColumns, ctx, offset, fetch);
        }
        return new PipelineRows(pipeline.open(ctx, null, params));
    }

    private long count(ExecContext ctx, Object[] params) throws SQLException {
        try {
            KvTransaction tx = ctx.session().transaction();
            if (tx == null && pipeline.steps().isEmpty() && pipeline.source() instanceof Pipeline.Scan s
                    && s.cursor() == CursorSource.FULL) {
                return ctx.session().store().count(); // live entries: O(1) unless some entry has an expiry
            }
            if (pipeline.steps().isEmpty() && pipeline.source() instanceof Pipeline.Scan s
                    && s.cursor() instanceof RangeCursorSource range && !range.isLimited()) {
                var r = range.range(params);
                return r == null ? 0 : tx != null ? tx.count(r) : ctx.session().store().count(r);
            }
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        Pipeline.Rows rows = pipeline.open(ctx, null, params);
        long n = 0;
        while (rows.next() != null) {
            n++;
            ctx.checkAbort(n);
        }
        return n;
    }

    @Override
    public long update(ExecContext ctx, Object[] params) throws SQLException {
        throw KvErrors.create(io.kvstore.jdbc.error.SqlState.FUNCTION_SEQUENCE, "a query does not return an update count");
    }

    @Override
    public String toString() {
        return "Query[" + pipeline.source() + (counted != null ? ", count" : "") + "]";
    }
}
