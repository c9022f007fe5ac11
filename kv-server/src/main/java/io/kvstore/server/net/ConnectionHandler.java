package io.kvstore.server.net;

import io.kvstore.server.command.ClientSession;
import io.kvstore.server.command.CommandException;
import io.kvstore.server.command.Dispatcher;
import io.kvstore.server.command.Exec;
import io.kvstore.server.command.ServerState;
import io.kvstore.server.keyspace.Keyspace;
import io.kvstore.server.resp.ProtocolError;
import io.kvstore.server.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: runs each decoded request under the keyspace lock on this channel's event loop and
 * sends the replies in request order, each only when what it depends on is durable.
 *
 * <p><b>Ordering.</b> A reply that depends on nothing pending, with no earlier reply waiting, is written at once
 * (flushed at the end of the read burst, so a pipeline's replies leave in one write). Otherwise it joins
 * {@link #pending}, which {@link #drain()} empties in order as the keyspace reports group commits. A later read of
 * a key this connection wrote sees the write (the keyspace's overlay), and its reply waits behind the write's.
 *
 * <p><b>Limits.</b> Reading stops while the channel is not writable (the client does not read its replies) or
 * while too many replies wait for a commit; a connection whose unsent output exceeds the hard output limit, or
 * that stays blocked for the soft limit's seconds, is closed. Idle connections are closed after the
 * {@code timeout} setting. Everything here runs on the channel's event loop, except {@link #onCommitted}.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());
    /** Replies waiting for a commit before this connection stops reading; it reads again below the low mark. */
    private static final int PENDING_HIGH = 8192;
    private static final int PENDING_LOW = 1024;
    /** The burst buffer is handed to the channel once it holds this many bytes, and replies this large skip it. */
    private static final int BURST_BYTES = 16 * 1024;

    /** Per event loop: a submit of the open group is queued on it ({@link #submitPending()}). */
    private static final io.netty.util.concurrent.FastThreadLocal<boolean[]> SUBMIT_SCHEDULED =
            new io.netty.util.concurrent.FastThreadLocal<>() {
                @Override
                protected boolean[] initialValue() {
                    return new boolean[1];
                }
            };

    private final ServerState server;
    private final Keyspace keyspace;
    private final Dispatcher dispatcher;
    private final ConnectionLimits limits;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable listener = this::onCommitted;
    private ChannelHandlerContext ctx;
    private ClientSession session;
    /**
     * Replies ready to leave, gathered into one buffer until the end of the read burst or of a drain
     * ({@link #writeBurst()}): one outbound entry, one allocation, for a pipeline's worth of small replies. Null
     * when empty. Everything written to the channel goes through {@link #writeBurst()} first, so replies keep
     * their order.
     */
    private ByteBuf burst;
    private boolean flushNeeded;
    /** Between a read burst's first request and {@link #channelReadComplete}. */
    private boolean reading;
    private boolean closing;
    private boolean listening;
    private ScheduledFuture<?> stallCheck;

    /** The reply of most writes, shared by every pending reply that is exactly it. */
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * A reply waiting for a sequence number to be resolved, or for a future (deferred replies). A small reply is
     * kept as {@code bytes} (a heap copy costs less than a pooled buffer), a large one as {@code reply}.
     */
    private static final class Pending {
        ByteBuf reply;
        byte[] bytes;
        final long need;
        final CompletableFuture<?> later;
        final java.util.function.Consumer<RespWriter> laterReply;
        final int protocol;
        final boolean closeAfter;

        Pending(ByteBuf reply, long need, Exec later, int protocol, boolean closeAfter) {
            this.reply = reply;
            this.need = need;
            this.later = later == null ? null : later.later();
            this.laterReply = later == null ? null : later.laterReply();
            this.protocol = protocol;
            this.closeAfter = closeAfter;
        }
    }

    ConnectionHandler(ServerState server, Dispatcher dispatcher, ConnectionLimits limits) {
        this.server = server;
        this.keyspace = server.keyspace();
        this.dispatcher = dispatcher;
        this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.connectionsReceived.increment();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        String denial = limits.admit(remote, server.clients.size());
        if (denial != null) {
            server.rejectedConnections.increment();
            closing = true;
            ctx.writeAndFlush(Unpooled.copiedBuffer("-" + denial + "\r\n", StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean authenticated = server.config().requirePass() == null;
        session = new ClientSession(server.nextClientId.incrementAndGet(), format(remote), format(local),
                authenticated, () -> ctx.channel().close());
        server.clients.put(session.id, session);
        ctx.fireChannelActive();
    }

    private static String format(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            server.clients.remove(session.id);
            keyspace.lock().lock();
            try {
                for (byte[] k : session.watched) {
                    keyspace.unwatch(k, session.onWatchedTouch);
                }
                session.watched.clear();
            } finally {
                keyspace.lock().unlock();
            }
        }
        keyspace.removeListener(listener);
        for (Pending p : pending) {
            if (p.reply != null) {
                p.reply.release();
            }
        }
        pending.clear();
        if (burst != null) {
            burst.release();
            burst = null;
        }
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || session == null) {
            return;
        }
        if (!reading) {
            // the first request of a read burst: one clock read for the burst (ClientSession.commandClockNanos)
            reading = true;
            long now = System.nanoTime();
            session.commandClockNanos = now;
            session.lastInteractionNanos = now;
        }
        if (msg instanceof ProtocolError error) {
            server.protocolErrors.increment();
            closing = true;
            ctx.channel().config().setAutoRead(false);
            ByteBuf buf = ctx.alloc().buffer();
            new RespWriter(buf, session.protocol).error(error.message());
            enqueue(new Pending(buf, 0, null, session.protocol, true));
            return;
        }
        byte[][] args = (byte[][]) msg;
        ByteBuf buf = burst(0);
        int start = buf.writerIndex();
        int protocol = session.protocol;
        RespWriter out = new RespWriter(buf, protocol);
        Exec x;
        long need;
        keyspace.lock().lock();
        try {
            keyspace.beginCommand();
            x = dispatcher.execute(session, args, out);
            need = keyspace.endCommand();
        } finally {
            keyspace.lock().unlock();
        }
        if (need > keyspace.resolvedSeq()) {
            submitPending();
        }
        boolean closeAfter = session.closeAfterReply;
        if (closeAfter) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
        }
        if (x.later() != null) {
            buf.writerIndex(start);
            Pending p = new Pending(null, need, x, session.protocol, closeAfter);
            p.later.whenComplete((v, e) -> scheduleDrain());
            enqueue(p);
        } else if (!closeAfter && pending.isEmpty() && need <= keyspace.resolvedSeq()) {
            // the common case: the reply can leave now, and it is already in the burst buffer
            String failure = need > 0 ? keyspace.failureFor(need) : null;
            if (failure != null) {
                buf.writerIndex(start);
                new RespWriter(buf, protocol).error(failure);
            }
            if (buf.writerIndex() > start) {
                burstGrew();
            }
        } else {
            // it waits (for a commit, or behind earlier replies): move it out of the burst
            int length = buf.writerIndex() - start;
            Pending p;
            if (length >= BURST_BYTES) {
                ByteBuf own = ctx.alloc().buffer(length);
                own.writeBytes(buf, start, length);
                p = new Pending(own, need, null, protocol, closeAfter);
            } else {
                p = new Pending(null, need, null, protocol, closeAfter);
                p.bytes = isOk(buf, start, length) ? OK : ByteBufUtil.getBytes(buf, start, length);
            }
            buf.writerIndex(start);
            enqueue(p);
        }
    }

    /**
     * Sends the keyspace's open group. With a backend that commits on this thread ({@link Keyspace#commitsInline()})
     * the group is sent once per event-loop turn, after every channel's requests of that turn have run (a task
     * queued on the loop runs after its I/O), so one commit carries all of them: per command it would be one
     * log write each.
     */
    private void submitPending() {
        if (!keyspace.commitsInline()) {
            keyspace.submitPending();
            return;
        }
        boolean[] scheduled = SUBMIT_SCHEDULED.get();
        if (!scheduled[0]) {
            scheduled[0] = true;
            try {
                ctx.executor().execute(() -> {
                    scheduled[0] = false;
                    keyspace.submitPending();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                scheduled[0] = false;
                keyspace.submitPending();
            }
        }
    }

    private void enqueue(Pending p) {
        if (pending.isEmpty() && ready(p)) {
            send(p);
        } else {
            pending.add(p);
            if (!listening) {
                listening = true;
                keyspace.addListener(listener);
                // a group may have completed before the listener was in place: check once now
                if (ready(pending.peek())) {
                    scheduleDrain();
                }
            }
            if (pending.size() >= PENDING_HIGH) {
                updateAutoRead();
            }
        }
    }

    private boolean ready(Pending p) {
        if (p.later != null) {
            return p.later.isDone() && p.need <= keyspace.resolvedSeq();
        }
        return p.need <= keyspace.resolvedSeq();
    }

    private static boolean isOk(ByteBuf buf, int start, int length) {
        if (length != OK.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.getByte(start + i) != OK[i]) {
                return false;
            }
        }
        return true;
    }

    /** Adds one ready reply to the burst (written to the channel by {@link #writeBurst()}, flushed later). */
    private void send(Pending p) {
        ByteBuf reply = p.reply;
        byte[] bytes = p.bytes;
        if (p.need > 0) {
            String failure = keyspace.failureFor(p.need);
            if (failure != null) {
                if (reply != null) {
                    reply.release();
                }
                bytes = null;
                reply = ctx.alloc().buffer();
                new RespWriter(reply, p.protocol).error(failure);
            }
        }
        if (p.later != null) {
            reply = deferredReply(p);
        }
        if (bytes != null) {
            burst(bytes.length).writeBytes(bytes);
            burstGrew();
        } else if (reply != null && reply.readableBytes() >= BURST_BYTES) {
            // large: its own outbound entry rather than a copy into the burst
            writeBurst();
            ctx.write(reply, ctx.voidPromise());
            flushNeeded = true;
            checkOutputLimit();
        } else if (reply != null) {
            if (reply.isReadable()) {
                burst(reply.readableBytes()).writeBytes(reply);
                burstGrew();
            }
            reply.release();
        }
        if (p.closeAfter) {
            closing = true;
            writeBurst();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            flushNeeded = false;
        }
    }

    /** The burst buffer, allocated with room for {@code size} bytes if there is none. */
    private ByteBuf burst(int size) {
        if (burst == null) {
            burst = ctx.alloc().buffer(Math.max(256, size));
        }
        return burst;
    }

    /** After replies were added to the burst: a flush is due, and a burst grown large goes to the channel now. */
    private void burstGrew() {
        flushNeeded = true;
        if (burst.readableBytes() >= BURST_BYTES) {
            writeBurst();
            checkOutputLimit();
        }
    }

    /** Hands the burst buffer's replies to the channel (without flushing). */
    private void writeBurst() {
        ByteBuf b = burst;
        if (b == null) {
            return;
        }
        burst = null;
        if (b.isReadable()) {
            ctx.write(b, ctx.voidPromise());
        } else {
            b.release();
        }
    }

    private ByteBuf deferredReply(Pending p) {
        ByteBuf buf = ctx.alloc().buffer();
        RespWriter w = new RespWriter(buf, p.protocol);
        try {
            p.later.join();
            p.laterReply.accept(w);
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            w.error(cause instanceof CommandException ? cause.getMessage() : "ERR " + cause.getMessage());
        }
        return buf;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        writeBurst();
        if (flushNeeded) {
            flushNeeded = false;
            ctx.flush();
            checkOutputLimit();
        }
        ctx.fireChannelReadComplete();
    }

    /** Called from the committing thread after each group commit. */
    private void onCommitted() {
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                ctx.executor().execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // the event loop is shutting down with the server: the connection is being closed
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (!ctx.channel().isOpen()) {
            return;
        }
        while (!pending.isEmpty() && ready(pending.peek())) {
            send(pending.poll());
            if (!ctx.channel().isOpen()) {
                return;
            }
        }
        writeBurst();
        if (flushNeeded) {
            flushNeeded = false;
            ctx.flush();
            checkOutputLimit();
        }
        if (pending.isEmpty() && listening) {
            listening = false;
            keyspace.removeListener(listener);
        }
        if (pending.size() < PENDING_LOW) {
            updateAutoRead();
        }
    }

    private void updateAutoRead() {
        boolean read = !closing && ctx.channel().isWritable() && pending.size() < PENDING_HIGH;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void checkOutputLimit() {
        long hard = server.config().outputHardLimit();
        if (hard <= 0) {
            return;
        }
        ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
        if (ob != null && ob.totalPendingWriteBytes() > hard) {
            overLimit("hard");
        }
    }

    private void overLimit(String which) {
        if (closing && !ctx.channel().isActive()) {
            return;
        }
        server.outputLimitDisconnects.increment();
        LOG.warning(() -> "client " + (session == null ? "?" : session.addr) + " closed for overcoming of output buffer"
                + " limits (" + which + " limit; the client does not read its replies)");
        kill();
    }

    private void kill() {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        if (!ctx.channel().isWritable()) {
            long[] limit = server.config().outputBufferLimit();
            if (limit[2] > 0 && stallCheck == null) {
                stallCheck = ctx.executor().schedule(() -> {
                    stallCheck = null;
                    if (!ctx.channel().isWritable()) {
                        overLimit("soft, " + limit[2] + " s");
                    }
                }, limit[2], TimeUnit.SECONDS);
            }
        } else if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && pending.isEmpty()) {
            LOG.fine(() -> "closing idle client " + session.addr);
            kill();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.codec.DecoderException
                && cause.getCause() instanceof javax.net.ssl.SSLException) {
            // a client without TLS on the TLS port, or a failed handshake: one line, not a stack trace
            LOG.info(() -> "connection " + ctx.channel().remoteAddress() + " closed: TLS " + cause.getCause());
        } else if (!(cause instanceof java.io.IOException)) {
            LOG.log(Level.WARNING, "connection " + (session == null ? "?" : session.addr) + " failed", cause);
        }
        kill();
    }
}
