package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollingIoHandlerTest {
    /** A clock the fake handler moves: each run advances it by the scripted nanoseconds. */
    private long now;

    /** Each run returns the next scripted count (0 when the script is empty) after advancing the clock. */
    private final class Scripted implements IoHandler {
        final ArrayDeque<long[]> script = new ArrayDeque<>(); // {handled, nanos}
        final List<Boolean> blocking = new ArrayList<>();
        Runnable duringRun;
        int wakeups;

        void then(int handled, long nanos) {
            script.add(new long[] {handled, nanos});
        }

        @Override
        public int run(IoHandlerContext context) {
            blocking.add(context.canBlock());
            if (duringRun != null) {
                duringRun.run();
            }
            long[] step = script.isEmpty() ? new long[] {0, 1_000} : script.poll();
            now += step[1];
            return (int) step[0];
        }

        @Override
        public IoRegistration register(IoHandle handle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void wakeup() {
            wakeups++;
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return true;
        }
    }

    private static IoHandlerContext context(boolean canBlock) {
        return new IoHandlerContext() {
            @Override
            public boolean canBlock() {
                return canBlock;
            }

            @Override
            public long delayNanos(long currentTimeNanos) {
                return 1_000_000;
            }

            @Override
            public long deadlineNanos() {
                return -1;
            }
        };
    }

    private static final long BUDGET = 50_000;

    /** A handler over {@code io} whose last wait took 1 µs (within the budget): its next wait polls first. */
    private PollingIoHandler polling(Scripted io) {
        PollingIoHandler h = new PollingIoHandler(io, BUDGET, () -> now);
        io.then(1, 1_000);
        h.run(context(true));
        assertTrue(h.polling());
        io.blocking.clear();
        return h;
    }

    @Test
    void run_afterLongWait_blocksAtOnce() {
        Scripted io = new Scripted();
        PollingIoHandler h = new PollingIoHandler(io, BUDGET, () -> now);
        io.then(1, 5_000_000); // an idle server: the wait took 5 ms
        assertEquals(1, h.run(context(true)));
        assertFalse(h.polling());
        io.then(1, 10_000);
        h.run(context(true));
        assertEquals(List.of(true, true), io.blocking, "no poll before a wait once waits are long");
    }

    @Test
    void run_afterShortWait_pollsWithoutBlockingUntilIoArrives() {
        Scripted io = new Scripted();
        PollingIoHandler h = new PollingIoHandler(io, BUDGET, () -> now);
        io.then(3, 10_000); // the wait ended within the budget
        h.run(context(true));
        assertTrue(h.polling());
        io.blocking.clear();
        io.then(0, 1_000);
        io.then(0, 1_000);
        io.then(2, 1_000);
        assertEquals(2, h.run(context(true)));
        assertEquals(List.of(false, false, false), io.blocking, "three polls, the third found I/O");
        assertTrue(h.polling());
    }

    @Test
    void run_pollFindsNothingWithinBudget_blocksThenStopsPollingAfterALongWait() {
        Scripted io = new Scripted();
        PollingIoHandler h = polling(io);
        for (int i = 0; i < 56; i++) {
            io.then(0, 1_000); // empty polls of 1 µs each; the clock is read every 8 polls
        }
        io.then(1, 1_000); // the wait after them: 1 µs
        h.run(context(true));
        assertEquals(57, io.blocking.size(), "56 polls (the budget's 50 µs, read every 8), then one wait");
        assertFalse(io.blocking.subList(0, 56).contains(true));
        assertTrue(io.blocking.get(56), "the 57th run may block");
        assertTrue(h.polling(), "that wait took 1 µs: still polling");
        io.blocking.clear();
        for (int i = 0; i < 56; i++) {
            io.then(0, 1_000);
        }
        io.then(1, 2_000_000);
        h.run(context(true));
        assertFalse(h.polling(), "a 2 ms wait turns polling off");
        io.blocking.clear();
        io.then(1, 1_000);
        h.run(context(true));
        assertEquals(List.of(true), io.blocking, "and the next wait blocks at once");
    }

    @Test
    void run_taskQueuedWhilePolling_returnsAtOnce() {
        Scripted io = new Scripted();
        PollingIoHandler h = polling(io);
        io.then(0, 1_000);
        io.then(0, 1_000);
        io.duringRun = () -> {
            if (io.blocking.size() == 2) {
                h.wakeup(); // another thread queues a task during the second poll
            }
        };
        assertEquals(0, h.run(context(true)));
        assertEquals(List.of(false, false), io.blocking);
        assertEquals(1, io.wakeups, "the transport's handler is woken too");
        io.duringRun = null;
        io.blocking.clear();
        io.then(1, 1_000);
        h.run(context(true));
        assertEquals(List.of(false), io.blocking, "the wake-up does not outlive the run it ended");
    }

    @Test
    void run_tasksWaiting_passesTheContextThrough() {
        Scripted io = new Scripted();
        PollingIoHandler h = polling(io);
        h.run(context(false));
        assertEquals(List.of(false), io.blocking, "one non-blocking run, no poll loop");
    }

    @Test
    void factory_zeroBudget_isTheTransportsOwn() {
        IoHandlerFactory f = executor -> new Scripted();
        assertSame(f, PollingIoHandler.factory(f, 0));
        assertThrows(IllegalArgumentException.class, () -> new PollingIoHandler(new Scripted(), 0, () -> now));
    }
}
