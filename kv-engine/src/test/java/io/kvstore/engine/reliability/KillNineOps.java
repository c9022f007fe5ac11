package io.kvstore.engine.reliability;

import java.util.List;

/**
 * The deterministic operation schedule shared by {@link KillNineChild} and {@link KillNineIT}: from a writer
 * thread number and an op seq anyone can tell which key the op touched and whether it was a put or a delete.
 */
final class KillNineOps {
    static final int WRITERS = 3;
    static final int KEYS_PER_WRITER = 32;
    static final int PAIRS = 16;
    static final int MAX_EXTRA = 600;

    private KillNineOps() {
    }

    static String key(int thread, long seq) {
        return "w" + thread + "-" + Math.floorMod(seq, KEYS_PER_WRITER);
    }

    static boolean isDelete(long seq) {
        return Math.floorMod(seq, 5) == 4;
    }

    /** The two keys written, with the same seq, by pair transaction {@code seq}. */
    static List<String> pairKeys(long seq) {
        long j = Math.floorMod(seq, PAIRS);
        return List.of("pa" + j, "pb" + j);
    }
}
