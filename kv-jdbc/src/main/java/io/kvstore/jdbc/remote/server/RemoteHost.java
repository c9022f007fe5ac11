package io.kvstore.jdbc.remote.server;

import io.kvstore.jdbc.KvDriver;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ErrorCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every transport of one JDBC listener shares: the password check, protected mode, the source of embedded
 * connections and the open sessions (for CANCEL from a side connection and for closing them all at shutdown).
 *
 * <p>{@link #accept} handles a connection's first frame: {@link Op#HELLO} (checks magic, version and password,
 * opens the embedded connection, answers {@link Op#READY} with the session id and cancel key) or {@link Op#CANCEL}.
 * Passwords are compared as SHA-256 digests with {@link MessageDigest#isEqual} (constant time, length hidden).
 *
 * <p>Thread-safe.
 */
public final class RemoteHost {
    private final ConnectionSource source;
    private final java.util.function.Supplier<String> password;
    private final java.util.function.BooleanSupplier protectedMode;
    private final Consumer<String> log;
    private final Map<Long, RemoteSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param password null or empty for none
     * @param protectedMode without a password, refuse clients that are not on the loopback interface
     */
    public RemoteHost(ConnectionSource source, String password, boolean protectedMode, Consumer<String> log) {
        this(source, () -> password, () -> protectedMode, log);
    }

    /** As above, with settings read at each handshake (the server's CONFIG SET requirepass / protected-mode). */
    public RemoteHost(ConnectionSource source, java.util.function.Supplier<String> password,
                      java.util.function.BooleanSupplier protectedMode, Consumer<String> log) {
        this.source = source;
        this.password = password;
        this.protectedMode = protectedMode;
        this.log = log;
    }

    /** The replicated server's role, or null (every client is served); see {@link ClusterRole}. */
    private volatile ClusterRole clusterRole;

    /** Makes this listener a member of a replicated group (see {@link ClusterRole}); null: none. */
    public void setClusterRole(ClusterRole role) {
        this.clusterRole = role;
    }

    /** Whether the client asked for {@code staleReads=true} (names are matched case-insensitively). */
    private static boolean staleReads(Properties props) {
        for (String name : props.stringPropertyNames()) {
            if (name.equalsIgnoreCase(io.kvstore.jdbc.KvOption.STALE_READS.key())) {
                return Boolean.parseBoolean(props.getProperty(name).trim());
            }
        }
        return false;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outcome of a first frame: a session (then {@code reply} is READY), or an error reply and close. */
    public record Accepted(RemoteSession session, WireOut reply) {
    }

    /**
     * Handles the first frame of a connection.
     *
     * @param loopback whether the peer is on the loopback interface
     * @return a session and READY; or no session and an ERROR to send before closing; or null: close silently
     *     (a CANCEL)
     * @throws ProtocolException not a HELLO or CANCEL, or malformed
     */
    public Accepted accept(byte[] body, boolean loopback) throws ProtocolException {
        WireIn in = new WireIn(body);
        int op = (byte) in.u8();
        if (op == Op.CANCEL) {
            checkMagic(in);
            long sid = in.i64();
            long key = in.i64();
            int stmt = in.i32();
            in.end();
            RemoteSession s = sessions.get(sid);
            if (s != null && s.cancelKey() == key) {
                s.cancel(stmt);
            }
            return null;
        }
        if (op != Op.HELLO) {
            throw new ProtocolException("expected HELLO, got op " + (op & 0xff));
        }
        checkMagic(in);
        int version = in.u16();
        String password = in.string();
        int n = in.count(256, 8);
        Properties props = new Properties();
        for (int i = 0; i < n; i++) {
            String k = in.string();
            String v = in.string();
            if (k == null || v == null) {
                throw new ProtocolException("null connection property");
            }
            props.setProperty(k, v);
        }
        in.end();
        if (version != Protocol.VERSION) {
            return refuse(KvErrors.create(SqlState.CONNECTION_FAILED, "protocol version " + version
                    + " is not supported by this server (it speaks version " + Protocol.VERSION + ")"));
        }
        String required = this.password.get();
        if (required != null && !required.isEmpty()) {
            byte[] given = digest(password == null ? "" : password);
            if (!MessageDigest.isEqual(given, digest(required))) {
                return refuse(KvErrors.create(SqlState.INVALID_AUTHORIZATION,
                        "invalid password (the server's requirepass)"));
            }
        } else if (protectedMode.getAsBoolean() && !loopback) {
            return refuse(KvErrors.create(SqlState.INVALID_AUTHORIZATION, "DENIED: the server runs in protected "
                    + "mode without a password and accepts only loopback clients; set requirepass or "
                    + "protected-mode no"));
        }
        ClusterRole role = clusterRole;
        if (role != null && !staleReads(props)) {
            try {
                role.checkLeader();
            } catch (RuntimeException e) {
                return refuse(KvErrors.translate(e));
            }
        }
        Connection c;
        try {
            c = source.open(props);
        } catch (SQLException e) {
            return refuse(e);
        } catch (RuntimeException e) {
            return refuse(KvErrors.translate(e));
        }
        long id = ids.incrementAndGet();
        RemoteSession s = new RemoteSession(this, c, id, random.nextLong(),
                role != null && !staleReads(props) ? role : null);
        sessions.put(id, s);
        WireOut out = new WireOut(128);
        try {
            out.reset(Op.READY).u16(Protocol.VERSION).i64(id).i64(s.cancelKey()).bool(c.getAutoCommit())
                    .bool(c.isReadOnly()).i32(c.getTransactionIsolation()).string(KvDriver.VERSION)
                    .string(c.getMetaData().getURL());
        } catch (SQLException e) {
            s.close();
            return refuse(e);
        }
        return new Accepted(s, out.finish());
    }

    private static void checkMagic(WireIn in) throws ProtocolException {
        int magic = in.i32();
        if (magic != Protocol.MAGIC) {
            throw new ProtocolException("bad magic " + Integer.toHexString(magic) + " (not a kvstore JDBC client)");
        }
    }

    private static Accepted refuse(SQLException e) {
        WireOut out = new WireOut(256);
        ErrorCodec.write(out, e);
        return new Accepted(null, out.finish());
    }

    void sessionClosed(RemoteSession s) {
        sessions.remove(s.id());
    }

    /** Number of open sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Closes every session (at shutdown): their embedded connections roll back what is not committed. */
    public void closeAll() {
        for (RemoteSession s : sessions.values()) {
            s.close();
        }
    }

    void log(String message) {
        log.accept(message);
    }
}
