package io.kvstore.jdbc.remote.protocol;

import java.io.IOException;
import java.io.InputStream;

/**
 * Polls a blocking stream for a short while before a read blocks, adapting to whether polling pays.
 *
 * <p>A request and its answer take one loopback round trip of a few tens of microseconds, and waking a thread
 * blocked in {@code read} on an idle core costs about as much again: polling {@code available()} first keeps the
 * core awake for an answer that is about to come. When answers do not come within the budget (a client that
 * thinks between statements, a machine with more runnable threads than cores, where polling would take the core
 * the peer needs), the budget shrinks quickly to nothing, and polling is retried only once every 64 reads.
 *
 * <p>The budget is {@code -Dkvstore.remote.spinMicros} (default 50 µs; 0 turns polling off). Only for plain
 * sockets: a TLS stream's {@code available()} counts decrypted bytes only. Not thread-safe: one per reading
 * thread (a connection's reader).
 */
public final class ReadSpin {
    /** The largest budget, in nanoseconds. */
    public static final long MAX_NANOS = Long.getLong("kvstore.remote.spinMicros", 50L) * 1_000L;
    private static final long MIN_NANOS = 2_000;

    private long budget = MAX_NANOS;
    private int skipped;

    /** A poller for a plain socket's stream, or null when polling is off or the socket is a TLS one. */
    public static ReadSpin forSocket(java.net.Socket socket) {
        return MAX_NANOS <= 0 || socket instanceof javax.net.ssl.SSLSocket ? null : new ReadSpin();
    }

    /** Returns when {@code in} has a byte to read, or the budget is spent (the caller then blocks in read). */
    public void await(InputStream in) throws IOException {
        if (in.available() > 0) {
            return;
        }
        long b = budget;
        if (b == 0) {
            if (++skipped < 64) {
                return;
            }
            skipped = 0;
            b = MAX_NANOS;
        }
        long start = System.nanoTime();
        do {
            Thread.onSpinWait();
            if (in.available() > 0) {
                budget = MAX_NANOS;
                return;
            }
        } while (System.nanoTime() - start < b);
        budget = b / 4 < MIN_NANOS ? 0 : b / 4;
    }

    /** The current budget in nanoseconds (tests). */
    long budget() {
        return budget;
    }
}
