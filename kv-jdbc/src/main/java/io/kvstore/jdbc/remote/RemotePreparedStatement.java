package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.connection.ParameterSetters;
import io.kvstore.jdbc.connection.ParameterValues;
import io.kvstore.jdbc.connection.Parameters;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.BatchUpdateException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A prepared statement of a {@link RemoteConnection}: prepared on the server once (one round trip, which also
 * brings the parameter types), then each execution is one request carrying the parameters and the limits, and
 * one answer carrying the update count or the first batch of rows.
 *
 * <p><b>Parameters</b> are read and converted here exactly as the embedded driver does ({@link Parameters}: streams
 * and LOBs read at set time, conversion to each parameter's SQL type at execution), so a wrong or missing
 * parameter fails with the same SQLState before anything is sent. The setters are {@link ParameterSetters}',
 * shared with the embedded prepared statement.
 *
 * <p>Thread-safety: as {@link RemoteStatement}.
 */
public final class RemotePreparedStatement extends RemoteStatement implements ParameterSetters {
    private final String sql;
    private final ParameterValues params;

    /** The channel this statement was last prepared on. */
    private RemoteChannel preparedOn;

    RemotePreparedStatement(RemoteConnection connection, int id, String sql) throws SQLException {
        super(connection, id);
        this.sql = sql;
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            params = new ParameterValues(prepare(ch));
        }
    }

    @Override
    public ParameterValues openParameters() throws SQLException {
        checkOpen();
        return params;
    }

    /** The values to send: converted as the embedded driver converts them. */
    private Object[] bound(Object[] values) throws SQLException {
        return params.bind(values, (v, i) -> {
            if (!Values.isSupported(v)) {
                throw KvErrors.create(SqlState.INVALID_PARAMETER_TYPE, "parameter " + (i + 1) + " cannot take a "
                        + v.getClass().getName() + " over a remote connection");
            }
            return v;
        });
    }

    private static WireOut params(WireOut r, Object[] b) {
        r.i32(b.length);
        for (Object v : b) {
            Values.write(r, v);
        }
        return r;
    }

    private boolean run(byte kind) throws SQLException {
        checkOpen();
        closeResults();
        Object[] b = bound(params.current());
        return run(ch -> params(limits(ch.request(Op.EXECUTE).i32(id).u8(kind)), b));
    }

    @Override
    public boolean execute() throws SQLException {
        return run(Op.KIND_EXECUTE);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(Op.KIND_QUERY);
        return getResultSet();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(Op.KIND_UPDATE);
        return getLargeUpdateCount();
    }

    /**
     * Sends the rows that convert; if a row does not, the rows before it still run (as embedded, where each row
     * runs in turn) and a {@link BatchUpdateException} with their counts reports the row that failed.
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        closeResults();
        List<Object[]> todo = params.takeBatch();
        List<Object[]> rows = new ArrayList<>(todo.size());
        SQLException conversion = null;
        for (Object[] row : todo) {
            try {
                rows.add(bound(row));
            } catch (SQLException e) {
                conversion = e;
                break;
            }
        }
        long[] counts;
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            beforeRequest(ch);
            WireOut r = limits(ch.request(Op.BATCH).i32(id)).i32(rows.size());
            for (Object[] b : rows) {
                params(r, b);
            }
            counts = batchCounts(ch.call(r, Op.BATCH_RESULT));
        }
        if (conversion != null) {
            throw new BatchUpdateException(conversion.getMessage(), conversion.getSQLState(),
                    conversion.getErrorCode(), counts, conversion);
        }
        return counts;
    }

    /** PREPARE on {@code ch} (under its lock); returns the parameter types. */
    private int[] prepare(RemoteChannel ch) throws SQLException {
        WireIn a = ch.call(ch.request(Op.PREPARE).i32(id).string(sql), Op.PREPARED);
        try {
            int n = a.count(1 << 16, 4);
            int[] t = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = a.i32();
            }
            a.end();
            preparedOn = ch;
            return t;
        } catch (ProtocolException e) {
            throw protocolFailure(e);
        }
    }

    @Override
    void beforeRequest(RemoteChannel ch) throws SQLException {
        if (ch != preparedOn) {
            prepare(ch); // a new session after a failover: the same SQL, so the same parameter types
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            beforeRequest(ch);
            WireIn a = ch.call(ch.request(Op.DESCRIBE).i32(id), Op.COLUMNS);
            try {
                if (!a.bool()) {
                    a.end();
                    return null;
                }
                KvResultSetMetaData md = new KvResultSetMetaData(ColumnCodec.read(a));
                a.end();
                return md;
            } catch (ProtocolException e) {
                throw protocolFailure(e);
            }
        }
    }

    @Override
    public String toString() {
        return "RemotePreparedStatement[" + sql + "]";
    }
}
