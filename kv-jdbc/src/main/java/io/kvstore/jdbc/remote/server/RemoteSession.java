package io.kvstore.jdbc.remote.server;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.ErrorCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One remote client's session on the server: an embedded driver {@link Connection} on the served store, and the
 * statements the client made, by the ids the client chose. {@link #handle} runs one request frame on the embedded
 * connection and returns the answer, so every remote call behaves as the same call in embedded mode (same
 * executors, same SQLStates); failures travel as {@link Op#ERROR} frames.
 *
 * <p>The transport (Netty in kv-server, {@link BlockingListener} in the driver) reads a frame, calls
 * {@link #handle} off its I/O threads (JDBC calls block: commits wait for the disk), writes the answer, and only
 * then reads the next request, so one session holds at most one answer in memory.
 *
 * <p>Thread-safety: {@link #handle} from one thread at a time; {@link #cancel} and {@link #close} from any.
 */
public final class RemoteSession implements AutoCloseable {
    private final RemoteHost host;
    private final Connection connection;
    private final long id;
    private final long cancelKey;
    private final Map<Integer, Stmt> statements = new ConcurrentHashMap<>();
    private final WireOut out = new WireOut(8192);
    private volatile boolean closed;

    /** A client statement's server side. */
    private static final class Stmt {
        final Statement statement;
        ResultSet result;
        /** The result is positioned on a row not yet sent. */
        boolean onRow;
        int columnCount;
        /** Columns last sent for this statement; a result with equal columns does not send them again. */
        List<KvResultSetMetaData.Column> sentColumns;
        long maxRows;
        int queryTimeout;
        int maxFieldSize;
        int fetchSize;

        Stmt(Statement statement) {
            this.statement = statement;
        }
    }

    /** A leader session's role: answers with rows wait for {@link ClusterRole#confirmRead()}; else null. */
    private final ClusterRole leaderRole;

    RemoteSession(RemoteHost host, Connection connection, long id, long cancelKey) {
        this(host, connection, id, cancelKey, null);
    }

    RemoteSession(RemoteHost host, Connection connection, long id, long cancelKey, ClusterRole leaderRole) {
        this.leaderRole = leaderRole;
        this.host = host;
        this.connection = connection;
        this.id = id;
        this.cancelKey = cancelKey;
    }

    public long id() {
        return id;
    }

    long cancelKey() {
        return cancelKey;
    }

    /** The embedded connection (for the transport's READY answer). */
    Connection connection() {
        return connection;
    }

    /**
     * Runs one request.
     *
     * @param body the frame body, op first
     * @return the answer frame (finished; valid until the next call), or null for requests without an answer
     * @throws ProtocolException a malformed request: the transport answers with {@link #protocolError} and closes
     */
    public WireOut handle(byte[] body) throws ProtocolException {
        WireIn in = new WireIn(body);
        int op = (byte) in.u8();
        try {
            switch (op) {
                case Op.PREPARE -> prepare(in);
                case Op.EXECUTE -> execute(in);
                case Op.EXECUTE_SQL -> executeSql(in);
                case Op.BATCH -> batch(in);
                case Op.BATCH_SQL -> batchSql(in);
                case Op.FETCH -> fetch(in);
                case Op.CLOSE_RESULT -> {
                    Stmt s = statements.get(in.i32());
                    in.end();
                    if (s != null) {
                        closeResult(s);
                    }
                    return null;
                }
                case Op.CLOSE_STATEMENT -> {
                    Stmt s = statements.remove(in.i32());
                    in.end();
                    if (s != null) {
                        s.statement.close();
                    }
                    return null;
                }
                case Op.CALL -> Calls.call(this, connection, in, out);
                case Op.DESCRIBE -> describe(in);
                case Op.BYE -> {
                    in.end();
                    close();
                    return null;
                }
                default -> throw new ProtocolException("unknown request op " + (op & 0xff));
            }
        } catch (ProtocolException e) {
            throw e;
        } catch (SQLException e) {
            ErrorCodec.write(out, e);
            closeIfNoLongerLeader(e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // embedded mode reports these (a bug, an Error from generated code) as SQLExceptions too
            ErrorCodec.write(out, KvErrors.translate(e));
            closeIfNoLongerLeader(e);
        }
        if (leaderRole != null && !closed && out.size() > 4 && out.array()[4] == Op.ROWS) {
            try {
                leaderRole.confirmRead(); // the rows were read before: linearizable if this node still leads
            } catch (RuntimeException e) {
                ErrorCodec.write(out, KvErrors.translate(e));
                closeIfNoLongerLeader(e);
            }
        }
        return out.finish();
    }

    /**
     * A leader session on a node that has become a follower ends after this answer (25006, nothing applied): the
     * transport closes the connection, and the driver of a multi-host URL opens a session on the new leader.
     */
    private void closeIfNoLongerLeader(Throwable e) {
        if (leaderRole == null) {
            return;
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = e; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof io.kvstore.engine.KvReplicationException r
                    && r.outcome() == io.kvstore.engine.KvReplicationException.Outcome.NOT_LEADER) {
                SQLException answer = KvErrors.translate(e);
                ErrorCodec.write(out, new SQLException(answer.getMessage(), answer.getSQLState(),
                        Protocol.SESSION_ENDED_NOT_LEADER));
                close();
                return;
            }
        }
    }

    /** The answer to a malformed frame, before the transport closes the connection. */
    public static WireOut protocolError(ProtocolException e) {
        WireOut o = new WireOut(256);
        ErrorCodec.write(o, KvErrors.create(SqlState.PROTOCOL_VIOLATION, "protocol error: " + e.getMessage()));
        return o.finish();
    }

    private void prepare(WireIn in) throws SQLException, ProtocolException {
        int sid = in.i32();
        String sql = in.string();
        in.end();
        closeStatement(sid);
        PreparedStatement ps = connection.prepareStatement(sql);
        Stmt s = new Stmt(ps);
        statements.put(sid, s);
        java.sql.ParameterMetaData pm = ps.getParameterMetaData();
        int n = pm.getParameterCount();
        out.reset(Op.PREPARED).i32(n);
        for (int i = 1; i <= n; i++) {
            out.i32(pm.getParameterType(i));
        }
    }

    private void closeStatement(int sid) throws SQLException {
        Stmt old = statements.remove(sid);
        if (old != null) {
            old.statement.close();
        }
    }

    private Stmt statement(int sid) throws SQLException {
        Stmt s = statements.get(sid);
        if (s == null) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement " + sid + " is not open on the server");
        }
        return s;
    }

    /** Reads the limits that precede an execution and applies the ones that changed. */
    private static void limits(Stmt s, WireIn in) throws SQLException, ProtocolException {
        long maxRows = in.i64();
        int timeout = in.i32();
        int maxField = in.i32();
        int fetch = in.i32();
        Statement st = s.statement;
        if (maxRows != s.maxRows) {
            st.setLargeMaxRows(maxRows);
            s.maxRows = maxRows;
        }
        if (timeout != s.queryTimeout) {
            st.setQueryTimeout(timeout);
            s.queryTimeout = timeout;
        }
        if (maxField != s.maxFieldSize) {
            st.setMaxFieldSize(maxField);
            s.maxFieldSize = maxField;
        }
        s.fetchSize = fetch;
    }

    private static void bind(PreparedStatement ps, WireIn in) throws SQLException, ProtocolException {
        int n = in.count(1 << 16, 1);
        ps.clearParameters();
        for (int i = 1; i <= n; i++) {
            Object v = Values.read(in);
            if (v != Values.UNSET_VALUE) {
                ps.setObject(i, v);
            }
        }
    }

    private void execute(WireIn in) throws SQLException, ProtocolException {
        int sid = in.i32();
        int kind = in.u8();
        Stmt s = statement(sid);
        if (!(s.statement instanceof PreparedStatement ps)) {
            throw new ProtocolException("EXECUTE of a plain statement");
        }
        closeResult(s);
        limits(s, in);
        bind(ps, in);
        in.end();
        switch (kind) {
            case Op.KIND_QUERY -> answerRows(s, ps.executeQuery());
            case Op.KIND_UPDATE -> out.reset(Op.UPDATE).i64(ps.executeLargeUpdate());
            case Op.KIND_EXECUTE -> answer(s, ps.execute());
            default -> throw new ProtocolException("bad execution kind " + kind);
        }
    }

    private void executeSql(WireIn in) throws SQLException, ProtocolException {
        int sid = in.i32();
        int kind = in.u8();
        Stmt s = statements.get(sid);
        if (s == null || s.statement instanceof PreparedStatement) {
            closeStatement(sid);
            s = new Stmt(connection.createStatement());
            statements.put(sid, s);
        }
        closeResult(s);
        limits(s, in);
        String sql = in.string();
        in.end();
        Statement st = s.statement;
        switch (kind) {
            case Op.KIND_QUERY -> answerRows(s, st.executeQuery(sql));
            case Op.KIND_UPDATE -> out.reset(Op.UPDATE).i64(st.executeLargeUpdate(sql));
            case Op.KIND_EXECUTE -> answer(s, st.execute(sql));
            default -> throw new ProtocolException("bad execution kind " + kind);
        }
    }

    private void answer(Stmt s, boolean query) throws SQLException {
        if (query) {
            answerRows(s, s.statement.getResultSet());
        } else {
            out.reset(Op.UPDATE).i64(s.statement.getLargeUpdateCount());
        }
    }

    private void batch(WireIn in) throws SQLException, ProtocolException {
        Stmt s = statement(in.i32());
        if (!(s.statement instanceof PreparedStatement ps)) {
            throw new ProtocolException("BATCH of a plain statement");
        }
        closeResult(s);
        limits(s, in);
        int rows = in.count(Integer.MAX_VALUE, 4);
        ps.clearBatch();
        for (int r = 0; r < rows; r++) {
            bind(ps, in);
            ps.addBatch();
        }
        in.end();
        counts(ps.executeLargeBatch());
    }

    private void batchSql(WireIn in) throws SQLException, ProtocolException {
        int sid = in.i32();
        Stmt s = statements.get(sid);
        if (s == null || s.statement instanceof PreparedStatement) {
            closeStatement(sid);
            s = new Stmt(connection.createStatement());
            statements.put(sid, s);
        }
        closeResult(s);
        limits(s, in);
        int n = in.count(Integer.MAX_VALUE, 4);
        s.statement.clearBatch();
        for (int i = 0; i < n; i++) {
            s.statement.addBatch(in.string());
        }
        in.end();
        counts(s.statement.executeLargeBatch());
    }

    private void counts(long[] counts) {
        out.reset(Op.BATCH_RESULT).i32(counts.length);
        for (long c : counts) {
            out.i64(c);
        }
    }

    private void fetch(WireIn in) throws SQLException, ProtocolException {
        Stmt s = statement(in.i32());
        int n = in.i32();
        in.end();
        if (s.result == null) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "no open result to fetch from");
        }
        out.reset(Op.ROWS).bool(false);
        rows(s, n);
    }

    private void describe(WireIn in) throws SQLException, ProtocolException {
        Stmt s = statement(in.i32());
        in.end();
        ResultSetMetaData md = s.statement instanceof PreparedStatement ps ? ps.getMetaData() : null;
        out.reset(Op.COLUMNS).bool(md != null);
        if (md != null) {
            ColumnCodec.write(out, columnsOf(md));
        }
    }

    static List<KvResultSetMetaData.Column> columnsOf(ResultSetMetaData md) throws SQLException {
        if (md instanceof KvResultSetMetaData k) {
            return k.columns();
        }
        java.util.ArrayList<KvResultSetMetaData.Column> cols = new java.util.ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.add(new KvResultSetMetaData.Column(md.getColumnLabel(i), md.getColumnName(i), md.getColumnType(i),
                    md.getColumnTypeName(i), md.getColumnClassName(i), md.isNullable(i), md.getPrecision(i),
                    md.getScale(i), md.getColumnDisplaySize(i), md.getTableName(i), md.getSchemaName(i),
                    md.isSearchable(i)));
        }
        return cols;
    }

    /** A ROWS answer opening {@code rs}: its columns unless the statement's last result had the same. */
    private void answerRows(Stmt s, ResultSet rs) throws SQLException {
        s.result = rs;
        s.onRow = false;
        List<KvResultSetMetaData.Column> cols = columnsOf(rs.getMetaData());
        s.columnCount = cols.size();
        out.reset(Op.ROWS);
        if (cols.equals(s.sentColumns)) {
            out.bool(false);
        } else {
            out.bool(true);
            ColumnCodec.write(out, cols);
        }
        rows(s, s.fetchSize);
        s.sentColumns = cols; // only once the answer is complete: an error answer sends no columns
    }

    /**
     * Appends up to {@code n} rows (the default batch when 0) and whether more follow, ending early past
     * {@link Protocol#BATCH_BYTES}. A result that has no more rows is closed here.
     */
    private void rows(Stmt s, int n) throws SQLException {
        int want = n > 0 ? n : Protocol.DEFAULT_FETCH_ROWS;
        int start = out.bodyLength();
        ResultSet rs = s.result;
        boolean more = true;
        int sent = 0;
        try {
            while (sent < want && out.bodyLength() - start < Protocol.BATCH_BYTES) {
                if (!s.onRow && !rs.next()) {
                    more = false;
                    break;
                }
                s.onRow = false;
                out.u8(1);
                for (int c = 1; c <= s.columnCount; c++) {
                    Values.write(out, rs.getObject(c));
                }
                sent++;
            }
            if (more) {
                more = rs.next();
                s.onRow = more;
            }
        } catch (SQLException | RuntimeException e) {
            closeResult(s);
            throw e;
        }
        out.u8(0).bool(more);
        if (!more) {
            closeResult(s);
        }
    }

    private static void closeResult(Stmt s) throws SQLException {
        ResultSet rs = s.result;
        s.result = null;
        s.onRow = false;
        if (rs != null) {
            rs.close();
        }
    }

    /** Cancels statement {@code sid}'s running execution (from a side connection's CANCEL). */
    void cancel(int sid) {
        Stmt s = statements.get(sid);
        if (s != null) {
            try {
                s.statement.cancel();
            } catch (SQLException ignored) {
                // closed meanwhile: nothing runs
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the embedded connection (its statements and results with it). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        host.sessionClosed(this);
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            host.log("closing session " + id + ": " + e.getMessage());
        }
    }
}
