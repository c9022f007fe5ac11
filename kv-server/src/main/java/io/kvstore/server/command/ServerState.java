package io.kvstore.server.command;

import io.kvstore.server.ServerConfig;
import io.kvstore.server.keyspace.Keyspace;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * What the commands share across connections: settings, the keyspace, the command table, the connected clients,
 * statistics, the slow log and the hooks into the server's life cycle. Thread-safe: counters are atomic, the
 * client registry concurrent, the slow log guarded by the keyspace lock.
 */
public final class ServerState {
    private final ServerConfig config;
    private final Keyspace keyspace;
    private final CommandTable table;
    public final long startMillis = System.currentTimeMillis();
    public final Map<Long, ClientSession> clients = new ConcurrentHashMap<>();
    public final AtomicLong nextClientId = new AtomicLong();
    public final LongAdder commandsProcessed = new LongAdder();
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    public final LongAdder outputLimitDisconnects = new LongAdder();
    public volatile long lastSaveSeconds = startMillis / 1000;
    public volatile String lastSaveStatus = "ok";
    public final AtomicBoolean saveInProgress = new AtomicBoolean();
    /** Guarded by the keyspace lock. */
    public final ArrayDeque<Object[]> slowlog = new ArrayDeque<>();
    public long nextSlowlogId;
    /** Runs blocking administrative work (snapshots) off the event loops. */
    public final ExecutorService admin = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kv-server-admin");
        t.setDaemon(true);
        return t;
    });
    /** Asks the server to shut down: the argument is 1 to take a snapshot first, 0 not to, -1 by policy. */
    private final IntConsumer shutdown;
    /** The node's replication role; {@link Replication#STANDALONE} unless the server runs in a Raft group. */
    private volatile Replication replication = Replication.STANDALONE;
    /** The listeners' transport ({@code io_uring}, {@code epoll}, {@code nio}), set once the server picks it. */
    private volatile String transport = "";

    public ServerState(ServerConfig config, Keyspace keyspace, CommandTable table, IntConsumer shutdown) {
        this.config = config;
        this.keyspace = keyspace;
        this.table = table;
        this.shutdown = shutdown;
    }

    public ServerConfig config() {
        return config;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable table() {
        return table;
    }

    public Replication replication() {
        return replication;
    }

    public void setReplication(Replication replication) {
        this.replication = replication;
    }

    /** The listeners' transport as INFO shows it ({@code io_transport}); empty before the server picks it. */
    public String transport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public void requestShutdown(int save) {
        shutdown.accept(save);
    }
}
