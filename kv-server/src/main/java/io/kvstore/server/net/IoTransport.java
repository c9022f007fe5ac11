package io.kvstore.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The Netty transport the listeners use (setting {@code io-transport}): Linux io_uring, Linux epoll, or Java NIO
 * (everywhere). {@link #resolve} turns the setting into a transport this process can use: {@code auto} takes the
 * first available of {@link #AUTO_ORDER}; a named native transport that is unavailable is an error, not a silent
 * fall-back, so that a benchmark or an operator gets what was asked for.
 *
 * <p>The native libraries come from Netty's {@code linux-x86_64} jars (inside the server's all-in-one jar); on
 * another platform, or where the kernel refuses {@code io_uring_setup} (containers with a seccomp profile that
 * forbids it), the transport reports itself unavailable with the cause.
 *
 * <p>Thread-safety: immutable constants; the availability checks are Netty's (cached, thread-safe).
 */
public enum IoTransport {
    /** io_uring: a loop turn's sends and receives are submitted together, in one {@code io_uring_enter}. */
    IO_URING("io_uring"),
    /** epoll, edge-triggered, one system call per send and per receive. */
    EPOLL("epoll"),
    /** Java NIO's selector (level-triggered epoll underneath on Linux); always available. */
    NIO("nio");

    /**
     * What {@code auto} tries, in order. io_uring first: in this machine's A/B of one build (docs/benchmarks.md,
     * "Redis server: io_uring transport (session 9, issue 14)") it took 0.75-0.87x of epoll's server CPU per
     * request for SET and INCR at 50 clients, pipelined or not, and 0.78-0.99x for GET (pipelined MSET of 10 keys:
     * 1.17-1.26x); INCR's throughput was 1.05-1.24x, pipelined GET's the same.
     */
    static final IoTransport[] AUTO_ORDER = {IO_URING, EPOLL, NIO};

    private final String settingName;

    IoTransport(String settingName) {
        this.settingName = settingName;
    }

    /** The name in the {@code io-transport} setting and in INFO ({@code io_uring}, {@code epoll}, {@code nio}). */
    public String settingName() {
        return settingName;
    }

    /**
     * Checks a setting's value.
     *
     * @return the value in lower case
     * @throws IllegalArgumentException not one of {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}
     */
    public static String checkSetting(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("auto")) {
            named(v);
        }
        return v;
    }

    private static IoTransport named(String v) {
        for (IoTransport t : values()) {
            if (t.settingName.equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("io-transport must be auto, io_uring, epoll or nio: " + v);
    }

    /**
     * The transport for a setting's value.
     *
     * @throws IllegalArgumentException an unknown value, or a named transport that is unavailable here (the
     *                                  message carries Netty's reason)
     */
    public static IoTransport resolve(String setting) {
        String v = checkSetting(setting);
        if (v.equals("auto")) {
            for (IoTransport t : AUTO_ORDER) {
                if (t.isAvailable()) {
                    return t;
                }
            }
            return NIO;
        }
        IoTransport t = named(v);
        if (!t.isAvailable()) {
            throw new IllegalArgumentException("io-transport " + v + " is not available here: " + t.unavailabilityCause());
        }
        return t;
    }

    /** Whether this process can use the transport (native library loaded, kernel support). */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** Why {@link #isAvailable} is false, or null. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case NIO -> null;
        };
    }

    /** A factory for the event loops' I/O handlers. */
    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** The listening channel class that goes with {@link #ioHandlerFactory}. */
    public Class<? extends ServerChannel> serverChannelClass() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** A listener's event loops: the acceptor's and the connections', on one transport. */
    public record Loops(IoTransport transport, EventLoopGroup boss, EventLoopGroup workers) {
    }

    /**
     * Creates the event loops for a setting's value ({@link #resolve}). Under {@code auto}, a native transport whose
     * loops cannot be created although its availability check passed (the kernel refuses a ring of the loops' size,
     * for instance under a small locked-memory limit) is passed over for the next one, with a warning; a named
     * transport fails with the cause.
     *
     * <p>The workers poll for up to {@code workerPollMicros} under sustained traffic before they block
     * ({@link PollingIoHandler}; 0: never); the acceptor never polls.
     *
     * @throws IllegalArgumentException as {@link #resolve}
     */
    public static Loops loops(String setting, int bossThreads, int workerThreads, long workerPollMicros, Logger log) {
        boolean auto = checkSetting(setting).equals("auto");
        IoTransport t = resolve(setting);
        while (true) {
            EventLoopGroup boss = null;
            try {
                IoHandlerFactory io = t.ioHandlerFactory();
                boss = new MultiThreadIoEventLoopGroup(bossThreads, io);
                return new Loops(t, boss, new MultiThreadIoEventLoopGroup(workerThreads,
                        PollingIoHandler.factory(io, workerPollMicros)));
            } catch (RuntimeException | LinkageError e) {
                if (boss != null) {
                    boss.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                IoTransport next = auto ? t.nextAvailable() : null;
                if (next == null) {
                    throw e;
                }
                IoTransport failed = t;
                log.warning(() -> "io-transport auto: " + failed.settingName() + " could not start its event loops ("
                        + e + "); using " + next.settingName());
                t = next;
            }
        }
    }

    /** The first available transport after this one in {@link #AUTO_ORDER}, or null. */
    IoTransport nextAvailable() {
        boolean after = false;
        for (IoTransport t : AUTO_ORDER) {
            if (after && t.isAvailable()) {
                return t;
            }
            after |= t == this;
        }
        return null;
    }
}
