package io.kvstore.server.net;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.command.CommandTable;
import io.kvstore.server.command.Dispatcher;
import io.kvstore.server.command.ServerState;
import io.kvstore.server.keyspace.AsyncWriteBackend;
import io.kvstore.server.keyspace.BlockingWriteBackend;
import io.kvstore.server.keyspace.InlineWriteBackend;
import io.kvstore.server.keyspace.Keyspace;
import io.kvstore.server.keyspace.WriteBackend;
import io.kvstore.server.resp.RespDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Redis-protocol server: opens the store, binds the configured addresses and serves until {@link #stop}.
 *
 * <p><b>Life cycle.</b> {@link #start} returns once listening. {@link #stop} (also reached by the SHUTDOWN
 * command and by the launcher's signal handler) stops accepting, stops reading from clients, waits until every
 * write already executed is durable and its reply sent, closes the connections, then closes the store (which
 * writes a snapshot per its policy, or always with {@code save = 1}). {@link #stop} is idempotent and
 * thread-safe; concurrent callers all return once the server is down.
 *
 * <p><b>Threads.</b> The transport of {@code io-transport} ({@link IoTransport}; {@code auto}: io_uring when
 * available, else native epoll, else NIO): one acceptor thread and
 * {@code io-threads} event loops (one by default, as Redis), which run the commands (under the keyspace lock) and
 * commit their groups ({@link InlineWriteBackend}); one thread for snapshots.
 */
public final class RedisServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisServer.class.getName());

    private final ServerConfig config;
    private final KvStore store;
    private final WriteBackend backend;
    private final Keyspace keyspace;
    private final ServerState state;
    private final IoTransport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Channel> tlsListeners = new ArrayList<>();
    private final List<Channel> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private boolean stopping;
    /** Run first by {@link #stop}, before anything else stops (the remote JDBC listener closes its sessions). */
    private final List<Runnable> stopHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RedisServer(ServerConfig config, KvStore store, WriteBackend backend) {
        // first: an unavailable transport is a setting error, before anything else is built
        IoTransport.Loops loops = IoTransport.loops(config.ioTransport(), 1, config.ioThreads(),
                config.ioPollMicros(), LOG);
        this.transport = loops.transport();
        this.boss = loops.boss();
        this.workers = loops.workers();
        this.config = config;
        this.store = store;
        this.backend = backend != null ? backend : defaultBackend(store);
        this.keyspace = new Keyspace(store, this.backend);
        this.state = new ServerState(config, keyspace, CommandTable.standard(), this::stopAsync);
        state.setTransport(transport.settingName());
        LOG.info(() -> "transport: " + transport.settingName() + " (io-transport " + config.ioTransport() + ")"
                + unavailable(transport));
    }

    /** For the log: the native transports that {@code auto} passed over, and why. */
    static String unavailable(IoTransport chosen) {
        StringBuilder sb = new StringBuilder();
        for (IoTransport t : IoTransport.values()) {
            if (t != chosen && !t.isAvailable()) {
                sb.append("; ").append(t.settingName()).append(" unavailable: ").append(t.unavailabilityCause());
            }
        }
        return sb.toString();
    }

    /**
     * Commits on the event loops ({@link InlineWriteBackend}) under every sync policy, as Redis writes and forces its
     * AOF on its one thread before it answers; {@code -Dkvstore.server.backend=blocking|async|inline} chooses one
     * ({@code async}: the engine's committer thread forces while the event loops go on reading; measured to take
     * five times the futex calls and four times the forces per write of {@code inline} at 50 clients, because the
     * groups it forms are smaller; see docs/benchmarks.md, "Redis protocol server, session 6").
     */
    private static WriteBackend defaultBackend(KvStore store) {
        String chosen = System.getProperty("kvstore.server.backend", "");
        return switch (chosen) {
            case "blocking" -> new BlockingWriteBackend(store);
            case "async" -> new AsyncWriteBackend(store);
            case "inline", "" -> new InlineWriteBackend(store);
            default -> throw new IllegalArgumentException("-Dkvstore.server.backend=" + chosen
                    + ": expected inline, async or blocking");
        };
    }

    /** Options the server opens its store with, from the settings. */
    public static KvOptions storeOptions(ServerConfig config) {
        return KvOptions.builder()
                .syncPolicy(config.syncPolicy())
                .syncIntervalMillis(1000)
                .maxKeyBytes(KvOptions.MAX_KEY_BYTES_LIMIT)
                .maxValueBytes(Math.min(config.maxBulkLength(), KvOptions.MAX_VALUE_BYTES_LIMIT))
                .build();
    }

    /** Opens the store in {@code config.dir()} and starts serving it. */
    public static RedisServer start(ServerConfig config) throws InterruptedException {
        KvStore store = KvStore.open(config.dir(), storeOptions(config));
        try {
            return start(config, store);
        } catch (RuntimeException | InterruptedException e) {
            store.close();
            throw e;
        }
    }

    /** Serves an already open store (closed by {@link #stop}). */
    public static RedisServer start(ServerConfig config, KvStore store) throws InterruptedException {
        return start(config, store, null);
    }

    /**
     * Serves an already open store (closed by {@link #stop}) with its groups of writes sent to {@code backend}
     * (null: the engine's own commit); the backend is closed by {@link #stop} before the store.
     */
    public static RedisServer start(ServerConfig config, KvStore store, WriteBackend backend)
            throws InterruptedException {
        return start(config, store, backend, null);
    }

    /** As {@link #start(ServerConfig, KvStore, WriteBackend)}, answering as {@code replication} from the start. */
    public static RedisServer start(ServerConfig config, KvStore store, WriteBackend backend,
                                    io.kvstore.server.command.Replication replication) throws InterruptedException {
        RedisServer server = new RedisServer(config, store, backend);
        if (replication != null) {
            server.state.setReplication(replication);
        }
        try {
            server.bind();
        } catch (RuntimeException | InterruptedException e) {
            server.boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            server.workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            server.backend.close();
            throw e;
        }
        return server;
    }

    private void bind() throws InterruptedException {
        Dispatcher dispatcher = new Dispatcher(state);
        ConnectionLimits limits = new ConnectionLimits(config);
        Class<? extends ServerChannel> channelClass = transport.serverChannelClass();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, config.tcpBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20));
        SslContext tls = config.tlsPort() == 0 ? null : io.kvstore.server.tls.TlsContexts.build(config);
        for (String host : config.bind()) {
            Channel ch = b.clone().childHandler(initializer(dispatcher, limits, null))
                    .bind(new InetSocketAddress(host, config.port())).sync().channel();
            listeners.add(ch);
            LOG.info(() -> "listening on " + ch.localAddress() + " for the Redis protocol; store " + store.directory()
                    + " (sync " + store.options().syncPolicy().name().toLowerCase() + ")");
        }
        if (tls != null) {
            int port = Math.max(0, config.tlsPort());
            for (String host : config.bind()) {
                Channel ch = b.clone().childHandler(initializer(dispatcher, limits, tls))
                        .bind(new InetSocketAddress(host, port)).sync().channel();
                listeners.add(ch);
                tlsListeners.add(ch);
                LOG.info(() -> "listening on " + ch.localAddress() + " for the Redis protocol over TLS");
            }
        }
    }

    /** Each accepted connection's pipeline: [TLS,] [idle timeout,] RESP decoder, connection handler. */
    private ChannelInitializer<SocketChannel> initializer(Dispatcher dispatcher, ConnectionLimits limits,
            SslContext tls) {
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                clients.add(ch);
                ch.closeFuture().addListener(f -> clients.remove(ch));
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                }
                int timeout = config.timeoutSeconds();
                if (timeout > 0) {
                    ch.pipeline().addLast(new IdleStateHandler(timeout, 0, 0, TimeUnit.SECONDS));
                }
                ch.pipeline().addLast(new RespDecoder(config.maxBulkLength(), 1024 * 1024,
                        config.queryBufferLimit()));
                ch.pipeline().addLast(new ConnectionHandler(state, dispatcher, limits));
            }
        };
    }

    /** The TLS listener's port (the actual one when picked at start), or -1 when there is none. */
    public int tlsPort() {
        return tlsListeners.isEmpty() ? -1 : ((InetSocketAddress) tlsListeners.get(0).localAddress()).getPort();
    }

    /** The port of the first bound address (the actual one when the setting is 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The transport the listeners use. */
    public IoTransport transport() {
        return transport;
    }

    public ServerState state() {
        return state;
    }

    /** The served store (for the remote JDBC listener). */
    public KvStore store() {
        return store;
    }

    /** Adds an action that {@link #stop} runs first, whoever stops the server (signal, SHUTDOWN, close). */
    public void addStopHook(Runnable hook) {
        stopHooks.add(hook);
    }

    private void stopAsync(int save) {
        Thread t = new Thread(() -> stop(save), "kv-server-shutdown");
        t.setDaemon(false);
        t.start();
    }

    /**
     * Stops the server as described in the class comment; returns when the store is closed.
     *
     * @param save 1 to write a snapshot before closing, 0 or -1 to follow the store's policy
     */
    public void stop(int save) {
        synchronized (stopLock) {
            if (stopping) {
                awaitStop();
                return;
            }
            stopping = true;
        }
        LOG.info("shutting down: no new connections; finishing what is in flight");
        for (Runnable hook : stopHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stop hook failed", e);
            }
        }
        try {
            for (Channel ch : listeners) {
                ch.close().awaitUninterruptibly();
            }
            for (Channel ch : tlsListeners) {
                ch.close().awaitUninterruptibly();
            }
            for (Channel ch : clients) {
                ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
            }
            java.util.concurrent.CompletableFuture<Void> inFlight;
            keyspace.lock().lock();
            try {
                inFlight = keyspace.whenResolved(keyspace.lastSeq());
            } finally {
                keyspace.lock().unlock();
            }
            try {
                inFlight.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "in-flight writes did not finish in 60 s", e);
            }
            // let each connection send the replies that just became durable, then close it
            for (Channel ch : clients) {
                ch.eventLoop().submit(() -> ch.flush()).awaitUninterruptibly(5, TimeUnit.SECONDS);
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            backend.close();
            state.admin.shutdown();
            state.admin.awaitTermination(60, TimeUnit.SECONDS);
            if (save == 1 && !store.isReadOnly() && !store.isFailed()) {
                store.snapshot();
            }
            store.close();
            LOG.info("store closed; server stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "error while stopping", e);
            try {
                store.close();
            } catch (RuntimeException ignored) {
                // already reported
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public void close() {
        stop(-1);
    }
}
