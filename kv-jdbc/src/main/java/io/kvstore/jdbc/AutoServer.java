package io.kvstore.jdbc;

import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.RemoteConnection;
import io.kvstore.jdbc.remote.server.BlockingListener;
import io.kvstore.jdbc.remote.server.RemoteHost;
import io.kvstore.jdbc.remote.server.StoreConnections;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The automatic server mode (as H2's AUTO_SERVER). A process that opens a store with {@code autoServer=true}
 * serves it over the remote JDBC protocol on 127.0.0.1, on a random port, with a random secret as password, and
 * writes both into {@code <store>/}{@value #FILE} (readable by the owner only). A later process whose plain
 * {@code jdbc:kvstore:<path>} meets the store in use (55006) reads that file and connects through the server
 * instead, with the same SQL behaviour; without the file (or if the server does not answer) it fails with 55006
 * as before.
 *
 * <p>The listener ({@link BlockingListener}: plain sockets, the driver jar carries no Netty) runs while the store
 * is open in the serving process: remote sessions hold connections of their own, so the store stays open while
 * they last, and when the last connection (local or remote) closes, the store closes, the listener stops and the
 * file is deleted. A process that crashed leaves the file behind; the next process to open the store embedded
 * replaces or deletes it.
 *
 * <p>Thread-safety: the static methods are safe from any thread.
 */
final class AutoServer {
    static final String FILE = "jdbc-server";
    private static final Logger LOG = Logger.getLogger(AutoServer.class.getName());
    /** Listeners of this JVM by store key. Guarded by the class. */
    private static final Map<String, BlockingListener> SERVING = new HashMap<>();

    private AutoServer() {
    }

    static Connection open(KvUrl url) throws SQLException {
        KvConnection c;
        try {
            c = KvDriver.openEmbedded(url);
        } catch (SQLException e) {
            if (url.inMemory() || !SqlState.OBJECT_IN_USE.code().equals(e.getSQLState())) {
                throw e;
            }
            return throughServer(url, e);
        }
        try {
            if (url.getBoolean(KvOption.AUTO_SERVER)) {
                serve(url);
            } else if (!url.inMemory()) {
                deleteStale(url);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Connects to the process that holds the store, if it serves it; else rethrows {@code inUse}. */
    private static Connection throughServer(KvUrl url, SQLException inUse) throws SQLException {
        Map<String, String> info;
        try {
            info = read(url.path().resolve(FILE));
        } catch (IOException e) {
            throw inUse;
        }
        try {
            int port = Integer.parseInt(info.getOrDefault("port", ""));
            return RemoteConnection.open(url, "127.0.0.1", port, info.get("secret"));
        } catch (NumberFormatException e) {
            throw inUse;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                inUse.addSuppressed(e);
                throw inUse; // the holder does not serve (a stale file): the store is simply in use
            }
            throw e; // the server's answer (options that differ: 55006, ...)
        }
    }

    private static synchronized void serve(KvUrl url) throws SQLException {
        String key = url.storeKey();
        BlockingListener l = SERVING.get(key);
        if (l != null && !l.isClosed()) {
            return;
        }
        byte[] s = new byte[24];
        new SecureRandom().nextBytes(s);
        String secret = HexFormat.of().formatHex(s);
        RemoteHost host = new RemoteHost(StoreConnections.of(url), secret, true, LOG::info);
        try {
            l = BlockingListener.start(host, InetAddress.getLoopbackAddress(), 0, 1000);
        } catch (IOException e) {
            throw KvErrors.create(SqlState.IO_ERROR, "autoServer: cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
        Path file = url.inMemory() ? null : url.path().resolve(FILE);
        try {
            if (file != null) {
                write(file, "port=" + l.port() + "\nsecret=" + secret + "\npid=" + ProcessHandle.current().pid()
                        + "\n");
            }
        } catch (IOException e) {
            l.close();
            throw KvErrors.create(SqlState.IO_ERROR, "autoServer: cannot write " + file + ": " + e.getMessage(), e);
        }
        BlockingListener listener = l;
        SERVING.put(key, l);
        boolean registered = StoreRegistry.INSTANCE.whenClosed(key, () -> stop(key, listener, file));
        if (!registered) {
            stop(key, listener, file);
        }
        LOG.fine(() -> "autoServer: serving " + key + " on 127.0.0.1:" + listener.port());
    }

    private static synchronized void stop(String key, BlockingListener l, Path file) {
        if (SERVING.get(key) == l) {
            SERVING.remove(key);
        }
        l.close();
        if (file != null) {
            try {
                Map<String, String> info = read(file);
                if (String.valueOf(l.port()).equals(info.get("port"))) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    /** The port of this JVM's auto-server for {@code url}'s store, or -1. For tests. */
    static synchronized int port(KvUrl url) {
        BlockingListener l = SERVING.get(url.storeKey());
        return l == null || l.isClosed() ? -1 : l.port();
    }

    private static synchronized void deleteStale(KvUrl url) {
        if (SERVING.containsKey(url.storeKey())) {
            return;
        }
        try {
            Files.deleteIfExists(url.path().resolve(FILE));
        } catch (IOException ignored) {
            // read-only directory: a stale file only costs a failed connection attempt
        }
    }

    /** Writes {@code text} to a new owner-only file and moves it into place. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (NoSuchFileException e) {
            throw e;
        }
        return m;
    }
}
