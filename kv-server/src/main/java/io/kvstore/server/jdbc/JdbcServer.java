package io.kvstore.server.jdbc;

import io.kvstore.engine.KvStore;
import io.kvstore.jdbc.KvUrl;
import io.kvstore.jdbc.StoreRegistry;
import io.kvstore.jdbc.remote.server.BlockingListener;
import io.kvstore.jdbc.remote.server.RemoteHost;
import io.kvstore.jdbc.remote.server.StoreConnections;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.net.IoTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The remote JDBC listener of {@code ./kvstore server --jdbc-port N}: serves the server's open store to
 * {@code jdbc:kvstore://host:N} clients. The store is registered with the driver's {@link StoreRegistry}
 * ({@link StoreRegistry#adopt}), so every session's embedded connection shares it, with the server's store
 * options. Binds the server's {@code bind} addresses; the password and protected mode are the Redis listener's
 * ({@code requirepass}, {@code protected-mode}, read at each handshake).
 *
 * <p><b>Threads.</b> {@code jdbc-io threads} (the default): a thread per connection reads a request, runs it and
 * writes the answer ({@link BlockingListener}, the same transport the driver's autoServer uses).
 * {@code jdbc-io netty}: one acceptor and one event loop (framing only), and a pool of worker threads that run the
 * JDBC calls, at most one per connection at a time. The default was chosen by measurement: a point select
 * crosses two thread hand-offs more with Netty (event loop to worker and back), which cost 5x the latency on the
 * 2-core test machine (docs/benchmarks.md, "Remote JDBC"). {@code maxclients} bounds the connections.
 *
 * <p>{@link #stop} closes the listener and every session (rolling back what they did not commit); the store stays
 * open for its owner, who must call {@link #stop} before closing it. Thread-safe.
 */
public final class JdbcServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JdbcServer.class.getName());

    private final RemoteHost host;
    private final StoreRegistry.Handle handle;
    private final KvStore store;
    /** The Redis listener's transport ({@code io-transport}), for {@code jdbc-io netty}. */
    private final IoTransport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup loop;
    private final ThreadPoolExecutor workers;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Channel> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The thread-per-connection listeners ({@code jdbc-io threads}, the default). */
    private final List<BlockingListener> threadListeners = new ArrayList<>();
    private volatile boolean stopped;

    private JdbcServer(RemoteHost host, StoreRegistry.Handle handle, KvStore store, int maxClients,
                       String ioTransport) {
        this.host = host;
        this.handle = handle;
        this.store = store;
        IoTransport.Loops loops = IoTransport.loops(ioTransport, 1, 1, 0, LOG);
        this.transport = loops.transport();
        this.boss = loops.boss();
        this.loop = loops.workers();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Math.max(1, maxClients) + 8, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "kv-jdbc-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The URL under which the server's store is shared with the sessions' embedded connections. */
    static KvUrl storeUrl(KvStore store) throws SQLException {
        Properties p = new Properties();
        p.setProperty("sync", store.options().syncPolicy().name().toLowerCase());
        p.setProperty("syncIntervalMillis", String.valueOf(store.options().syncIntervalMillis()));
        p.setProperty("maxKeyBytes", String.valueOf(store.options().maxKeyBytes()));
        p.setProperty("maxValueBytes", String.valueOf(store.options().maxValueBytes()));
        p.setProperty("readOnly", String.valueOf(store.isReadOnly()));
        return KvUrl.parse("jdbc:kvstore:" + store.directory(), p);
    }

    /**
     * Registers {@code store} with the driver and listens on {@code config.bind()} at {@code port} (0: a free
     * one).
     */
    public static JdbcServer start(ServerConfig config, KvStore store, int port) throws Exception {
        return start(config, store, port, null);
    }

    private static JdbcServer start(ServerConfig config, KvStore store, int port,
                                    io.kvstore.jdbc.remote.server.ClusterRole role) throws Exception {
        KvUrl url = storeUrl(store);
        StoreRegistry.Handle h = StoreRegistry.INSTANCE.adopt(url, store);
        RemoteHost host = new RemoteHost(StoreConnections.of(url), config::requirePass, config::protectedMode,
                LOG::info);
        host.setClusterRole(role); // before the first client can connect
        JdbcServer s = new JdbcServer(host, h, store, config.maxClients(),
                config.ioTransport());
        try {
            if (config.jdbcIo().equals("netty")) {
                s.bind(config, port);
            } else {
                s.bindThreads(config, port);
            }
        } catch (Exception e) {
            s.stop();
            throw e;
        }
        return s;
    }

    /**
     * {@link #start} for a member of a Raft group: leader sessions only on the leader, rows confirmed by a
     * ReadIndex round before they are sent, {@code staleReads=true} sessions on any member
     * ({@link io.kvstore.jdbc.remote.server.ClusterRole}). Writes are ordered through the Raft log by the store's
     * commit hook, which {@link io.kvstore.server.replication.ReplicatedServer} set.
     */
    public static JdbcServer startReplicated(ServerConfig config, io.kvstore.server.net.RedisServer server, int port)
            throws Exception {
        io.kvstore.server.replication.ReplicatedCommitHook role = new io.kvstore.server.replication.ReplicatedCommitHook(
                server.state().keyspace(), server.state()::replication);
        return start(config, server.store(), port, new io.kvstore.jdbc.remote.server.ClusterRole() {
            @Override
            public void checkLeader() {
                role.checkLeader();
            }

            @Override
            public void confirmRead() {
                role.confirmRead();
            }
        });
    }

    private void bind(ServerConfig config, int port) throws InterruptedException {
        Class<? extends ServerChannel> channelClass = transport.serverChannelClass();
        int maxClients = config.maxClients();
        io.netty.handler.ssl.SslContext tls = config.jdbcTls() ? new io.netty.handler.ssl.JdkSslContext(
                config.tlsContext(), false, io.netty.handler.ssl.ClientAuth.NONE) : null;
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, loop)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, config.tcpBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (clients.size() >= maxClients || stopped) {
                            ch.close();
                            return;
                        }
                        clients.add(ch);
                        ch.closeFuture().addListener(f -> clients.remove(ch));
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        FrameDecoder decoder = new FrameDecoder();
                        ch.pipeline().addLast(decoder, new SessionHandler(host, workers, decoder));
                    }
                });
        for (String addr : config.bind()) {
            Channel ch = b.bind(new InetSocketAddress(addr, port)).sync().channel();
            listeners.add(ch);
            LOG.info(() -> "listening on " + ch.localAddress() + " for remote JDBC (jdbc:kvstore://"
                    + ((InetSocketAddress) ch.localAddress()).getHostString() + ":"
                    + ((InetSocketAddress) ch.localAddress()).getPort() + (tls != null ? ";ssl=true" : "") + ")");
        }
    }

    private void bindThreads(ServerConfig config, int port) throws java.io.IOException {
        int p = port;
        javax.net.ssl.SSLContext tls = config.jdbcTls() ? config.tlsContext() : null;
        javax.net.ServerSocketFactory sockets = tls == null ? javax.net.ServerSocketFactory.getDefault()
                : tls.getServerSocketFactory();
        for (String addr : config.bind()) {
            BlockingListener l = BlockingListener.start(host, java.net.InetAddress.getByName(addr), p,
                    config.maxClients(), sockets);
            threadListeners.add(l);
            p = l.port(); // port 0: every address gets the port the first one got
            int bound = l.port();
            LOG.info(() -> "listening on /" + addr + ":" + bound + " for remote JDBC (jdbc:kvstore://" + addr + ":"
                    + bound + (tls != null ? ";ssl=true" : "") + ", thread per connection)");
        }
    }

    /** The port of the first bound address. */
    public int port() {
        if (!threadListeners.isEmpty()) {
            return threadListeners.get(0).port();
        }
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    public RemoteHost host() {
        return host;
    }

    /** Stops listening, closes every connection and session. Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (BlockingListener l : threadListeners) {
            l.close();
        }
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        for (Channel ch : clients) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        host.closeAll();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store.isClosed()) {
            try {
                handle.release(); // the owner closed the store: drop its entry from the registry
            } catch (SQLException e) {
                LOG.warning("releasing the store: " + e.getMessage());
            }
        } // else the owner's reference stays until the owner closes the store (a closed entry is reopened anew)
        LOG.info("remote JDBC listener stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
