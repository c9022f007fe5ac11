package io.kvstore.server.jdbc;

import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.remote.server.RemoteHost;
import io.kvstore.jdbc.remote.server.RemoteSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One remote JDBC connection: frames are queued and run one at a time, in order, on the worker executor (JDBC
 * calls block: a commit waits for the disk), never on the event loop. The next request runs only once the
 * previous answer has been written to the socket, so a client that does not read its answers holds at most one
 * answer in memory; reading stops while more than {@value #QUEUE_HIGH} requests wait.
 *
 * <p>Fields are touched only on the channel's event loop, except inside the task, which touches the session.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(SessionHandler.class.getName());
    static final int QUEUE_HIGH = 16;

    private final RemoteHost host;
    private final Executor workers;
    private final FrameDecoder decoder;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private RemoteSession session;
    private boolean busy;
    private boolean inactive;
    private boolean closing;

    SessionHandler(RemoteHost host, Executor workers, FrameDecoder decoder) {
        this.host = host;
        this.workers = workers;
        this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        queue.add(msg);
        if (queue.size() > QUEUE_HIGH) {
            ctx.channel().config().setAutoRead(false);
        }
        if (!busy) {
            next(ctx);
        }
    }

    /** Result of one task: the answer (may be null) and whether to close after it. */
    private record Outcome(ByteBuf reply, boolean close) {
    }

    private void next(ChannelHandlerContext ctx) {
        if (inactive) {
            closeSession();
            return;
        }
        Object msg = queue.poll();
        if (msg == null) {
            if (!ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        busy = true;
        RemoteSession s = session;
        boolean loopback = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                && a.getAddress() != null && a.getAddress().isLoopbackAddress();
        try {
            workers.execute(() -> {
                Outcome o = run(s, msg, loopback);
                ctx.channel().eventLoop().execute(() -> done(ctx, o));
            });
        } catch (RejectedExecutionException e) {
            busy = false;
            closing = true;
            ctx.close();
        }
    }

    /** Runs on a worker thread. */
    private Outcome run(RemoteSession s, Object msg, boolean loopback) {
        try {
            if (msg instanceof ProtocolException pe) {
                return new Outcome(copy(RemoteSession.protocolError(pe)), true);
            }
            byte[] body = (byte[]) msg;
            if (s == null) {
                RemoteHost.Accepted a = host.accept(body, loopback);
                if (a == null) {
                    return new Outcome(null, true);
                }
                if (a.session() != null) {
                    pendingSession = a.session();
                }
                return new Outcome(copy(a.reply()), a.session() == null);
            }
            WireOut reply = s.handle(body);
            return new Outcome(reply == null ? null : copy(reply), s.isClosed());
        } catch (ProtocolException e) {
            return new Outcome(copy(RemoteSession.protocolError(e)), true);
        } catch (Throwable e) { // whatever happens, the event loop must hear back, or the session hangs
            LOG.log(Level.WARNING, "remote JDBC request failed", e);
            return new Outcome(null, true);
        }
    }

    /** Handed from the worker to the event loop with the READY answer (the executor hand-off orders it). */
    private volatile RemoteSession pendingSession;

    private static ByteBuf copy(WireOut frame) {
        return Unpooled.copiedBuffer(frame.array(), 0, frame.size());
    }

    /** Back on the event loop. */
    private void done(ChannelHandlerContext ctx, Outcome o) {
        if (session == null && pendingSession != null) {
            session = pendingSession;
            pendingSession = null;
            decoder.authenticated();
            if (inactive) {
                closeSession();
            }
        }
        if (o.close()) {
            closing = true;
        }
        if (o.reply() == null) {
            afterWrite(ctx);
            return;
        }
        ctx.writeAndFlush(o.reply()).addListener(f -> afterWrite(ctx));
    }

    private void afterWrite(ChannelHandlerContext ctx) {
        busy = false;
        if (closing) {
            queue.clear();
            ctx.close();
            closeSession();
            return;
        }
        next(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        queue.clear();
        if (!busy) {
            closeSession();
        }
    }

    private void closeSession() {
        RemoteSession s = session;
        session = null;
        if (s != null) {
            try {
                workers.execute(s::close);
            } catch (RejectedExecutionException e) {
                s.close();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.fine(() -> "remote JDBC connection error: " + cause);
        ctx.close();
    }
}
