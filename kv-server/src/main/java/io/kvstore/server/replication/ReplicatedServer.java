package io.kvstore.server.replication;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.net.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the Redis-protocol server as a member of a Raft group ({@code --node}, {@code --peers}): opens the
 * store with the engine's fsync set by {@code raft-engine-fsync} (default {@code no}: the Raft log is the durable
 * log, see docs/replication.md), starts the server with a {@link RaftWriteBackend}, then the Raft node.
 */
public final class ReplicatedServer {
    /** Ratis logs every election and segment roll at INFO: only its warnings go to the server's log. */
    private static final java.util.logging.Logger RATIS_LOG = java.util.logging.Logger.getLogger("org.apache.ratis");

    static {
        // -Dkvstore.raft.logLevel=INFO shows Ratis' own events (elections, life cycle) when investigating
        RATIS_LOG.setLevel(java.util.logging.Level.parse(System.getProperty("kvstore.raft.logLevel", "WARNING")));
    }

    /** What the node answers until its Raft server runs. */
    private static final io.kvstore.server.command.Replication STARTING = new io.kvstore.server.command.Replication() {
        @Override
        public String refuseWrite() {
            return "LOADING the raft node is starting";
        }

        @Override
        public String refuseRead(io.kvstore.server.command.ClientSession client) {
            return refuseWrite();
        }

        @Override
        public void role(io.kvstore.server.resp.RespWriter out) {
            out.array(5).bulk("slave").bulk("?").integer(-1).bulk("connect").integer(-1);
        }

        @Override
        public String info() {
            return "role:slave\r\nmaster_link_status:down\r\nkvstore_raft_starting:1\r\n";
        }

        @Override
        public java.util.concurrent.CompletableFuture<Long> waitReplicas(long replicas, long timeoutMillis) {
            return java.util.concurrent.CompletableFuture.completedFuture(0L);
        }
    };

    private ReplicatedServer() {
    }

    /**
     * Starts a replicated server from its settings.
     *
     * @throws IllegalArgumentException bad {@code node}/{@code peers} settings
     * @throws io.kvstore.engine.KvException the store cannot be opened
     */
    public static RedisServer start(ServerConfig config) throws InterruptedException {
        List<Peer> peers = Peer.parseList(config.get("peers"));
        String nodeId = config.get("node");
        Peer self = peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--node " + nodeId + " is not one of --peers " + config.get("peers")));
        if (!String.valueOf(self.respPort()).equals(config.get("port"))) {
            config.set("port", String.valueOf(self.respPort()));
        }
        String rd = config.get("raft-dir");
        Path raftDir = rd.isEmpty() ? config.dir().toAbsolutePath().resolveSibling(config.dir().getFileName() + "-raft")
                : Path.of(rd);
        KvOptions base = RedisServer.storeOptions(config);
        KvOptions options = KvOptions.builder()
                .syncPolicy(ServerConfigAccess.engineSync(config))
                .syncIntervalMillis(1000)
                .maxKeyBytes(base.maxKeyBytes())
                .maxValueBytes(Math.min(base.maxValueBytes(), 8 << 20))
                .build();
        KvStore store = KvStore.open(config.dir(), options);
        RaftWriteBackend backend = new RaftWriteBackend();
        RedisServer server;
        try {
            server = RedisServer.start(config, store, backend, STARTING);
        } catch (RuntimeException | InterruptedException e) {
            store.close();
            throw e;
        }
        // no write reaches the store except through the Raft log (the remote JDBC listener's SQL included)
        store.setCommitHook(new ReplicatedCommitHook(server.state().keyspace(), server.state()::replication));
        try {
            ReplicationNode node = ReplicationNode.start(self, peers, raftDir, server.state().keyspace(), backend,
                    new RaftTimeouts(RaftTimeouts.DEFAULT.electionMinMillis(), RaftTimeouts.DEFAULT.electionMaxMillis(),
                            Long.parseLong(config.get("raft-snapshot-entries")),
                            Long.parseLong(config.get("raft-log-segment-size"))), config.get("raft-join").equals("yes"));
            server.state().setReplication(node);
        } catch (IOException e) {
            server.stop(-1);
            throw new UncheckedIOException("cannot start the raft node: " + e.getMessage(), e);
        }
        return server;
    }

    /** Reads the engine sync setting of replicated mode. */
    private static final class ServerConfigAccess {
        static io.kvstore.engine.SyncPolicy engineSync(ServerConfig c) {
            return switch (c.get("raft-engine-fsync")) {
                case "always" -> io.kvstore.engine.SyncPolicy.ALWAYS;
                case "everysec" -> io.kvstore.engine.SyncPolicy.INTERVAL;
                default -> io.kvstore.engine.SyncPolicy.NONE;
            };
        }
    }
}
