package io.kvstore.server.net;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import java.util.function.LongSupplier;

/**
 * An event loop's I/O handler that, under sustained traffic, polls for I/O without blocking for up to a budget
 * (setting {@code io-poll-micros}) before it lets the transport's handler block; idle or lightly loaded, it blocks
 * at once, as the transport's own handler does.
 *
 * <p><b>Why.</b> A loop that blocks between requests has to be woken by the kernel when the next one arrives: the
 * client's send does the wake-up (on a virtual machine an inter-processor interrupt and often an exit to the
 * hypervisor), and the client, not the server, pays for it. Under a pipelined load from one client thread
 * ({@code redis-benchmark -P 16}), the server slept about once every four batches and the client's CPU set the pace:
 * polling for 20-100 µs took the server's sleeps from 51,000 to 600-8,800 per 3M GETs and raised the throughput by
 * 4-7% (docs/benchmarks.md, session 12).
 *
 * <p><b>When it polls.</b> Only when the last blocking wait ended within the budget, that is when events arrive
 * faster than the budget: then the next wait is a poll loop (the transport's handler in non-blocking mode) that
 * returns as soon as it finds I/O or a task is queued ({@link #wakeup}), and blocks after the budget. A wait that
 * outlasts the budget turns polling off until a wait is short again, so an idle or lightly loaded server costs no
 * CPU; a server under a load with gaps just under the budget keeps one core busy, which is the price of the lower
 * latency. A task queued during the poll ends it at once; a scheduled task may start up to one budget late.
 *
 * <p><b>Thread-safety.</b> As Netty's handlers: {@link #run} and the registration methods on the event loop's
 * thread only; {@link #wakeup} from any thread.
 */
final class PollingIoHandler implements IoHandler {
    private final IoHandler delegate;
    private final long pollNanos;
    private final LongSupplier clock;
    /** The last blocking wait ended within the budget: poll before blocking next time. Event loop only. */
    private boolean polling;
    /** A task was queued since the last {@link #run} returned: stop polling. */
    private volatile boolean woken;
    private final NonBlocking nonBlocking = new NonBlocking();

    PollingIoHandler(IoHandler delegate, long pollNanos, LongSupplier clock) {
        if (pollNanos <= 0) {
            throw new IllegalArgumentException("poll budget must be positive: " + pollNanos);
        }
        this.delegate = delegate;
        this.pollNanos = pollNanos;
        this.clock = clock;
    }

    /** {@code factory}'s handlers, polling up to {@code pollMicros} (0: {@code factory} itself, no polling). */
    static IoHandlerFactory factory(IoHandlerFactory factory, long pollMicros) {
        if (pollMicros <= 0) {
            return factory;
        }
        return executor -> new PollingIoHandler(factory.newHandler(executor), pollMicros * 1000, System::nanoTime);
    }

    /** The loop's context with blocking forbidden. */
    private static final class NonBlocking implements IoHandlerContext {
        IoHandlerContext outer;

        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 0;
        }

        @Override
        public long deadlineNanos() {
            return outer.deadlineNanos();
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            outer.reportActiveIoTime(activeNanos);
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return outer.shouldReportActiveIoTime();
        }
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        if (!context.canBlock()) {
            return delegate.run(context); // tasks are waiting: the loop polls once anyway
        }
        try {
            if (polling) {
                nonBlocking.outer = context;
                long end = clock.getAsLong() + pollNanos;
                for (int polls = 1; ; polls++) {
                    int handled = delegate.run(nonBlocking);
                    if (handled > 0 || woken) {
                        return handled;
                    }
                    if ((polls & 7) == 0 && clock.getAsLong() - end >= 0) {
                        break;
                    }
                    Thread.onSpinWait();
                }
            }
            long start = clock.getAsLong();
            int handled = delegate.run(context);
            polling = clock.getAsLong() - start < pollNanos;
            return handled;
        } finally {
            woken = false;
        }
    }

    /** Whether the next wait polls first (tests). */
    boolean polling() {
        return polling;
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        woken = true;
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }
}
