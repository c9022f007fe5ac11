package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.KvOption;
import io.kvstore.jdbc.KvUrl;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ErrorCodec;
import io.kvstore.jdbc.remote.protocol.FrameIO;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The driver's end of one remote session: a blocking TCP socket (TCP_NODELAY, buffered) that sends a request frame
 * and reads its answer under one lock, so a connection used from several threads sends one request at a time.
 * Requests without an answer (closing a statement or result) are only buffered and leave with the next request.
 *
 * <p><b>Failures.</b> An {@link Op#ERROR} answer becomes the SQLException of its state, of the class the embedded
 * driver throws for it ({@link KvErrors#create}). A broken connection (closed by the server, reset, a network
 * timeout, a malformed answer) fails the call with {@link SqlState#CONNECTION_FAILURE} (08006) and every later
 * call with it too; a refused or unreachable server fails the connect with {@link SqlState#CONNECTION_FAILED}.
 *
 * <p>Thread-safety: all methods are safe from any thread.
 */
final class RemoteChannel {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final WireOut request = new WireOut(4096);
    private final String address;
    /** Polls for the answer before {@link #call} blocks (null over TLS or when off). */
    private final io.kvstore.jdbc.remote.protocol.ReadSpin spin;
    /** Set when the connection broke; every later call fails with it. */
    private volatile SQLException broken;
    private volatile boolean closed;
    /** The TLS socket factory of this connection (for the cancel side connection), or null. */
    private javax.net.ssl.SSLSocketFactory tls;
    long sessionId;
    long cancelKey;
    String serverUrl;

    private RemoteChannel(Socket socket, String address) throws IOException {
        this.socket = socket;
        this.address = address;
        this.spin = io.kvstore.jdbc.remote.protocol.ReadSpin.forSocket(socket);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /**
     * Opens a socket to {@code host:port}, bounded by DriverManager's login timeout (10 s when unset); with
     * {@code tls} (may be null) a TLS socket over it, handshake done and the certificate checked against the host.
     */
    static Socket connectSocket(String host, int port, javax.net.ssl.SSLSocketFactory tls) throws SQLException {
        int timeoutMs = DriverManager.getLoginTimeout() > 0 ? DriverManager.getLoginTimeout() * 1000 : 10_000;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // failed anyway
            }
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "cannot connect to the kvstore server at " + host + ":"
                    + port + ": " + e.getMessage(), e);
        }
        if (tls == null) {
            return s;
        }
        try {
            s.setSoTimeout(timeoutMs);
            javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls.createSocket(s, host, port, true);
            javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            return ssl;
        } catch (IOException e) {
            closeQuietly(s);
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "TLS with the kvstore server at " + host + ":" + port
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Connects and authenticates: HELLO with the password and the connection options, READY back.
     *
     * @param password may be null
     * @param options options to pass to the server's embedded connection
     */
    static RemoteChannel open(String host, int port, String password, Map<KvOption, String> options,
                              RemoteConnection.State state, javax.net.ssl.SSLSocketFactory tls) throws SQLException {
        Socket s = connectSocket(host, port, tls);
        RemoteChannel ch;
        try {
            ch = new RemoteChannel(s, host + ":" + port);
            ch.tls = tls;
            ch.state = state;
        } catch (IOException e) {
            closeQuietly(s);
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "cannot connect to " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        try {
            WireOut hello = ch.request(Op.HELLO).i32(Protocol.MAGIC).u16(Protocol.VERSION).string(password);
            hello.i32(options.size());
            for (Map.Entry<KvOption, String> e : options.entrySet()) {
                hello.string(e.getKey().key()).string(e.getValue());
            }
            WireIn r = ch.call(hello, Op.READY);
            int version = r.u16();
            ch.sessionId = r.i64();
            ch.cancelKey = r.i64();
            state.autoCommit = r.bool();
            state.readOnly = r.bool();
            state.isolation = r.i32();
            state.serverVersion = r.string();
            ch.serverUrl = r.string();
            r.end();
            if (version != Protocol.VERSION) {
                throw new ProtocolException("server answered version " + version);
            }
            return ch;
        } catch (ProtocolException e) {
            ch.close();
            throw KvErrors.create(SqlState.PROTOCOL_VIOLATION, "the server at " + host + ":" + port
                    + " answered outside the protocol: " + e.getMessage(), e);
        } catch (SQLException e) {
            ch.close();
            throw e;
        }
    }

    /** Starts a request; the caller fills it and passes it to {@link #call} or {@link #post} under this lock. */
    WireOut request(byte op) {
        mayCommit = (op == Op.EXECUTE || op == Op.EXECUTE_SQL || op == Op.BATCH || op == Op.BATCH_SQL)
                && state != null && state.autoCommit;
        return request.reset(op);
    }

    /** Reports this channel's auto-commit mode into {@code state} from now on (a connection adopting it). */
    void rebind(RemoteConnection.State state) {
        this.state = state;
    }

    /** The connection's READY state (auto-commit mode, kept current by the connection). */
    private RemoteConnection.State state;
    /**
     * Whether the request being made may commit writes (a statement in auto-commit mode, a commit): losing the
     * connection during it leaves the outcome unknown (40003, {@link KvErrors#connectionLost}). Set by
     * {@link #request}; the caller may set it after. Under the caller's lock.
     */
    boolean mayCommit;

    /**
     * Sends {@code frame} (with any posted frames before it) and reads the answer, which must be {@code expect}
     * (or {@link Op#ROWS} / {@link Op#UPDATE} / {@link Op#VALUE} when {@code expect} is 0).
     *
     * @return the answer's fields after the op
     */
    WireIn call(WireOut frame, byte expect) throws SQLException {
        check();
        byte[] f = frame.array();
        if (mayCommit && (f[4] == Op.EXECUTE || f[4] == Op.EXECUTE_SQL) && frame.size() > 9 && f[9] == 1) {
            mayCommit = false; // executeQuery (kind 1, after the statement id) never writes
        }
        try {
            frame.finish();
            out.write(frame.array(), 0, frame.size());
            out.flush();
            byte[] body = FrameIO.read(in, Protocol.MAX_FRAME, spin);
            if (body == null) {
                throw new java.io.EOFException("the server closed the connection");
            }
            WireIn r = new WireIn(body);
            byte op = (byte) r.u8();
            if (op == Op.ERROR) {
                ErrorCodec.Decoded d = ErrorCodec.read(r);
                SQLException e = error(d);
                if (d.vendorCode() == Protocol.SESSION_ENDED_NOT_LEADER) {
                    broken = e; // the server ended the session: a multi-host connection moves to the new leader
                    closeQuietly(socket);
                }
                throw e;
            }
            if (expect != 0 && op != expect) {
                throw new ProtocolException("unexpected answer op " + (op & 0xff));
            }
            lastOp = op;
            return r;
        } catch (ProtocolException e) {
            throw fail(KvErrors.create(SqlState.PROTOCOL_VIOLATION, "bad answer from the server at " + address
                    + ": " + e.getMessage(), e));
        } catch (SocketTimeoutException e) {
            throw fail(KvErrors.connectionLost("no answer from the server at " + address
                    + " within the network timeout; the connection is closed", e, mayCommit));
        } catch (IOException e) {
            throw fail(KvErrors.connectionLost("lost the connection to the server at "
                    + address + ": " + e.getMessage(), e, mayCommit));
        }
    }

    /** The op of the last answer {@link #call} returned (under the caller's lock). */
    byte lastOp;

    /** Buffers {@code frame} (no answer expected); it leaves with the next {@link #call}. */
    void post(WireOut frame) throws SQLException {
        check();
        frame.finish();
        try {
            out.write(frame.array(), 0, frame.size());
        } catch (IOException e) {
            throw fail(KvErrors.create(SqlState.CONNECTION_FAILURE, "lost the connection to the server at "
                    + address + ": " + e.getMessage(), e));
        }
    }

    private static SQLException error(ErrorCodec.Decoded d) {
        SqlState state = SqlState.byCode(d.sqlState());
        SQLException e = state != null ? KvErrors.create(state, d.message())
                : new SQLException(d.message(), d.sqlState(), d.vendorCode());
        if (d.batchCounts() != null) {
            return new BatchUpdateException(d.message(), d.sqlState(), d.vendorCode(), d.batchCounts(), e);
        }
        return e;
    }

    private void check() throws SQLException {
        SQLException b = broken;
        if (b != null) {
            throw KvErrors.create(SqlState.CONNECTION_FAILURE, b.getMessage(), b);
        }
        if (closed) {
            throw KvErrors.create(SqlState.CONNECTION_CLOSED, "connection is closed");
        }
    }

    private SQLException fail(SQLException e) {
        broken = e;
        closeQuietly(socket);
        return e;
    }

    boolean isBroken() {
        return broken != null;
    }

    /** Network timeout: a read that waits longer breaks the connection (0: wait forever). */
    void setTimeout(int millis) throws SQLException {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw KvErrors.create(SqlState.CONNECTION_FAILURE, e.getMessage(), e);
        }
    }

    /** Asks the server, over a side connection, to cancel statement {@code statementId}'s execution. */
    void cancel(String host, int port, int statementId) throws SQLException {
        try (Socket s = connectSocket(host, port, tls)) {
            WireOut f = new WireOut(64).reset(Op.CANCEL).i32(Protocol.MAGIC).i64(sessionId).i64(cancelKey)
                    .i32(statementId).finish();
            s.getOutputStream().write(f.array(), 0, f.size());
            s.getOutputStream().flush();
            if (tls == null) {
                s.shutdownOutput(); // (a TLS socket cannot half-close)
            }
            s.getInputStream().read(); // wait until the server has handled it and closed
        } catch (IOException e) {
            throw KvErrors.create(SqlState.CONNECTION_FAILURE, "cannot send the cancel to " + address + ": "
                    + e.getMessage(), e);
        }
    }

    /** Says BYE (best effort) and closes the socket. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (broken == null) {
            try {
                WireOut bye = request.reset(Op.BYE).finish();
                out.write(bye.array(), 0, bye.size());
                out.flush();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        closeQuietly(socket);
    }

    boolean isClosed() {
        return closed || broken != null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
