package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.KvOption;
import io.kvstore.jdbc.KvUrl;
import io.kvstore.jdbc.connection.AbstractConnection;
import io.kvstore.jdbc.connection.AbstractStatement;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection to a kvstore server's JDBC listener ({@code jdbc:kvstore://host:port}). The server runs every call
 * on an embedded driver connection of its own, so SQL, transactions, metadata and SQLStates are those of embedded
 * mode; this class forwards them: transaction and session calls and {@link DatabaseMetaData} as CALL requests,
 * statements as {@link RemoteStatement}s. Client-side state is limited to what embedded mode also keeps per
 * connection without asking the store ({@link AbstractConnection}'s: warnings, the network timeout, client info),
 * and answers that are fixed in both modes (isolation, holdability, schema, catalog, type map) are given here
 * without a round trip.
 *
 * <p><b>Failures.</b> A lost connection fails the call with 08006 and leaves this connection closed
 * ({@link #isClosed()} true, {@link #isValid} false), so pools evict it.
 *
 * <p>Thread-safety: safe from several threads; requests go one at a time over the one socket.
 */
public final class RemoteConnection extends AbstractConnection {
    private final KvUrl url;
    /** The server this connection reached (also where CANCEL goes); changes when it reconnects. */
    private volatile String host;
    private volatile int port;
    /** The current session's channel; replaced after a failover ({@link #channel()}). */
    private volatile RemoteChannel channel;
    private final String password;
    private final Map<KvOption, String> options;
    private final AtomicInteger statementIds = new AtomicInteger();
    private final AtomicInteger savepointIds = new AtomicInteger();
    private static final java.util.regex.Pattern SAVEPOINT_NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final State state = new State();

    /** What the server said in READY. */
    static final class State {
        volatile boolean autoCommit;
        boolean readOnly;
        int isolation;
        String serverVersion;
    }

    private RemoteConnection(KvUrl url, String host, int port, String password, Map<KvOption, String> options)
            throws SQLException {
        this.url = url;
        this.host = host;
        this.port = port;
        this.password = password;
        this.options = options;
        this.channel = RemoteChannel.open(host, port, password, options, state, TlsClient.factory(url));
    }

    /** A connection over a channel already opened to {@code at} (multi-host search). */
    private RemoteConnection(KvUrl url, KvUrl.HostPort at, String password, Map<KvOption, String> options,
                             RemoteChannel channel, State state) {
        this.url = url;
        this.host = at.host();
        this.port = at.port();
        this.password = password;
        this.options = options;
        this.channel = channel;
        this.state.autoCommit = state.autoCommit;
        this.state.readOnly = state.readOnly;
        this.state.isolation = state.isolation;
        this.state.serverVersion = state.serverVersion;
        channel.rebind(this.state);
    }

    /** A channel found by {@link #find}, and the host it reached. */
    private record Found(RemoteChannel channel, KvUrl.HostPort at) {
    }

    /**
     * Tries the URL's hosts in turn (then again, backing off, for up to {@code connectTimeout} seconds) and returns
     * the first channel a host accepted; see {@link #open(KvUrl)}.
     */
    private static Found find(KvUrl url, String password, Map<KvOption, String> options, State state)
            throws SQLException {
        List<KvUrl.HostPort> hosts = url.hosts();
        long deadline = System.nanoTime() + url.getInt(KvOption.CONNECT_TIMEOUT) * 1_000_000_000L;
        List<String> tried = new ArrayList<>();
        SQLException last = null;
        for (int round = 0; ; round++) {
            for (KvUrl.HostPort h : hosts) {
                try {
                    return new Found(RemoteChannel.open(h.host(), h.port(), password, options, state,
                            TlsClient.factory(url)), h);
                } catch (SQLException e) {
                    if (!retriesElsewhere(e)) {
                        throw e;
                    }
                    last = e;
                    if (round == 0) {
                        tried.add(h + ": " + e.getSQLState() + " " + e.getMessage());
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw KvErrors.create(SqlState.CONNECTION_FAILED, "no server of " + hosts + " accepted the "
                        + "connection within " + url.get(KvOption.CONNECT_TIMEOUT) + " s (no leader, or none "
                        + "reachable); first round: " + String.join("; ", tried), last);
            }
            try {
                Thread.sleep(Math.min(500, 50L << Math.min(round, 4)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KvErrors.create(SqlState.CONNECTION_FAILED, "interrupted while looking for the leader", e);
            }
        }
    }

    /**
     * Connects to the server a {@code jdbc:kvstore://host:port} URL names; for a replicated group's
     * {@code jdbc:kvstore://h1:p1,h2:p2,...}, to the first host that accepts the connection (the leader, unless
     * {@code staleReads=true}), trying them in turn for up to {@code connectTimeout} seconds while they answer that
     * they are followers, are electing a leader, or cannot be reached ({@link #retriesElsewhere}).
     */
    public static RemoteConnection open(KvUrl url) throws SQLException {
        String password = url.get(KvOption.PASSWORD);
        if (url.hosts().size() == 1) {
            return open(url, url.host(), url.port(), password);
        }
        Map<KvOption, String> options = serverOptions(url);
        State state = new State();
        Found f = find(url, password, options, state);
        return new RemoteConnection(url, f.at(), password, options, f.channel(), state);
    }

    /**
     * Whether a failed connect to one host of a multi-host URL should go on with the others: unreachable (08001),
     * refused or lost (08004, 08006), a follower (25006) or no leader ready yet (40001). A wrong password, a
     * protocol mismatch or a bad option fails at once.
     */
    static boolean retriesElsewhere(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.equals(SqlState.CONNECTION_FAILED.code()) && !String.valueOf(e.getMessage())
                .contains("protocol version") || s.equals(SqlState.CONNECTION_REJECTED.code())
                || s.equals(SqlState.CONNECTION_FAILURE.code()) || s.equals(SqlState.READ_ONLY_TRANSACTION.code())
                || s.equals(SqlState.SERIALIZATION_FAILURE.code()));
    }

    /**
     * Connects to {@code host:port} with {@code password}, passing the options {@code url} gives (except the
     * password, user and autoServer) to the server's embedded connection.
     */
    public static RemoteConnection open(KvUrl url, String host, int port, String password) throws SQLException {
        return new RemoteConnection(url, host, port, password, serverOptions(url));
    }

    /** The options {@code url} gives that go to the server's embedded connection. */
    private static Map<KvOption, String> serverOptions(KvUrl url) {
        Map<KvOption, String> options = new EnumMap<>(KvOption.class);
        for (Map.Entry<KvOption, String> e : url.givenOptions().entrySet()) {
            KvOption o = e.getKey();
            if (o != KvOption.PASSWORD && o != KvOption.USER && o != KvOption.AUTO_SERVER && o != KvOption.SSL
                    && o != KvOption.CONNECT_TIMEOUT
                    && o != KvOption.SSL_TRUST_STORE && o != KvOption.SSL_TRUST_STORE_PASSWORD) {
                options.put(o, e.getValue());
            }
        }
        return options;
    }

    /**
     * The current channel. With a multi-host URL, a channel that broke (the server died or was deposed; the call
     * that met it failed with 08006 or 40003) is replaced here by a new session on whichever host accepts now (the
     * new leader), in the auto-commit mode the connection had: new transactions go on over it. Prepared statements
     * are prepared again on first use ({@link RemoteStatement#beforeRequest}); results and transactions of the
     * old session are gone. If no host accepts, the broken channel is returned (its calls fail with 08006).
     */
    RemoteChannel channel() {
        RemoteChannel ch = channel;
        if (!ch.isBroken() || closeCalled() || url.hosts().size() < 2) {
            return ch;
        }
        synchronized (this) {
            if (channel != ch) {
                return channel;
            }
            boolean autoCommit = state.autoCommit;
            State fresh = new State();
            try {
                Found f = find(url, password, options, fresh);
                f.channel().rebind(state);
                state.autoCommit = fresh.autoCommit;
                state.readOnly = fresh.readOnly;
                state.isolation = fresh.isolation;
                state.serverVersion = fresh.serverVersion;
                host = f.at().host();
                port = f.at().port();
                channel = f.channel();
                if (!autoCommit) {
                    setAutoCommit(false);
                }
            } catch (SQLException e) {
                return ch;
            }
            return channel;
        }
    }

    /** The server's version (KvDriver.VERSION on its side). */
    public String serverVersion() {
        return state.serverVersion;
    }

    public KvUrl url() {
        return url;
    }

    SQLException protocolFailure(ProtocolException e) {
        return KvErrors.create(SqlState.PROTOCOL_VIOLATION, "bad answer from the server: " + e.getMessage(), e);
    }

    /** Forgets {@code st} and tells the server to close its statement (no answer; sent with the next request). */
    @Override
    protected void statementClosed(AbstractStatement<?> st) throws SQLException {
        super.statementClosed(st);
        if (!channel.isClosed()) {
            synchronized (channel) {
                channel.post(channel.request(Op.CLOSE_STATEMENT).i32(((RemoteStatement) st).id));
            }
        }
    }

    void cancel(int statementId) throws SQLException {
        channel.cancel(host, port, statementId);
    }

    /** Runs a Connection method on the server's connection; returns its value. */
    Object call(byte target, String method, Object... args) throws SQLException {
        checkOpen();
        RemoteChannel channel = channel();
        synchronized (channel) {
            WireOut r = channel.request(Op.CALL).u8(target).string(method).i32(args.length);
            channel.mayCommit = target == Op.TARGET_CONNECTION && (method.equals("commit")
                    || method.equals("setAutoCommit"));
            for (Object a : args) {
                Values.write(r, a);
            }
            WireIn a = channel.call(r, (byte) 0);
            try {
                if (channel.lastOp == Op.VALUE) {
                    Object v = Values.read(a);
                    a.end();
                    return v;
                }
                if (channel.lastOp == Op.ROWS) {
                    return RemoteMetaData.rows(a);
                }
                throw new ProtocolException("unexpected answer op " + (channel.lastOp & 0xff));
            } catch (ProtocolException e) {
                throw protocolFailure(e);
            }
        }
    }

    private Object connectionCall(String method, Object... args) throws SQLException {
        return call(Op.TARGET_CONNECTION, method, args);
    }

    // ---- statements ----

    @Override
    protected RemoteStatement newStatement() {
        return new RemoteStatement(this, statementIds.incrementAndGet());
    }

    /** Prepares {@code sql} on the server (one round trip, which brings the parameter types). */
    @Override
    protected RemotePreparedStatement newPreparedStatement(String sql) throws SQLException {
        return new RemotePreparedStatement(this, statementIds.incrementAndGet(), sql);
    }

    // ---- transactions and session settings: the server's connection decides ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        connectionCall("setAutoCommit", autoCommit);
        state.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return (Boolean) connectionCall("getAutoCommit");
    }

    @Override
    public void commit() throws SQLException {
        connectionCall("commit");
    }

    @Override
    public void rollback() throws SQLException {
        connectionCall("rollback");
    }

    // savepoints travel as the SQL statements the server's connection runs (SAVEPOINT, ROLLBACK TO, RELEASE), so
    // they behave as embedded ones, with the same states (25000 in auto-commit mode, 3B001 for one that is gone)

    @Override
    protected Savepoint savepoint(String name) throws SQLException {
        if (name == null) {
            int id = savepointIds.incrementAndGet();
            runSessionSql("SAVEPOINT kv_unnamed_savepoint_" + id);
            return new RemoteSavepoint(this, "kv_unnamed_savepoint_" + id, id, false);
        }
        if (!SAVEPOINT_NAME.matcher(name).matches()) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "a savepoint name over a remote connection must be a "
                    + "plain identifier (letters, digits, _), not '" + name + "'");
        }
        runSessionSql("SAVEPOINT " + name);
        return new RemoteSavepoint(this, name, 0, true);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        runSessionSql("ROLLBACK TO SAVEPOINT " + own(savepoint).sqlName());
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        runSessionSql("RELEASE SAVEPOINT " + own(savepoint).sqlName());
    }

    private RemoteSavepoint own(Savepoint savepoint) throws SQLException {
        if (!(savepoint instanceof RemoteSavepoint sp) || sp.connection() != this) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + savepoint + " does not belong to this "
                    + "connection");
        }
        return sp;
    }

    private void runSessionSql(String sql) throws SQLException {
        try (Statement st = createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        connectionCall("setReadOnly", readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return (Boolean) connectionCall("isReadOnly");
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return RemoteMetaData.create(this);
    }

    // ---- state ----

    /** Closes the statements, says BYE (the server rolls back what is not committed) and closes the socket. */
    @Override
    public void close() throws SQLException {
        if (!markClosed()) {
            return;
        }
        closeStatements(); // a failure does not matter: the session ends on the server anyway
        synchronized (channel) {
            channel.close();
        }
    }

    /** True after close, or once the connection to the server broke. */
    @Override
    public boolean isClosed() {
        return closeCalled() || (channel.isBroken() && url.hosts().size() < 2);
    }

    /** Marks the connection closed now and closes the socket in {@code executor}'s thread. */
    @Override
    protected void abortNow(Executor executor) {
        markClosed();
        executor.execute(channel::close);
    }

    /** Whether the server answers within {@code timeout} seconds (0: no limit) that its connection is valid. */
    @Override
    protected boolean probe(int timeout) throws SQLException {
        synchronized (channel) {
            try {
                channel.setTimeout(timeout * 1000);
                return (Boolean) connectionCall("isValid", timeout);
            } catch (SQLException e) {
                return false;
            } finally {
                if (!channel.isBroken()) {
                    channel.setTimeout(networkTimeout());
                }
            }
        }
    }

    /** A read that waits longer than this for the server breaks the connection (08006); 0 waits forever. */
    @Override
    protected void applyNetworkTimeout(int milliseconds) throws SQLException {
        synchronized (channel) {
            channel.setTimeout(milliseconds);
            super.applyNetworkTimeout(milliseconds);
        }
    }

    @Override
    public String toString() {
        return "RemoteConnection[" + url.storeKey() + (closeCalled() ? ", closed" : "") + "]";
    }
}
