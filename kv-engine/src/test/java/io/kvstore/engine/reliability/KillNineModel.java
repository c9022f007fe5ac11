package io.kvstore.engine.reliability;

import io.kvstore.engine.KvStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a store must hold after a child running {@link KillNineChild} was killed: the state the store had when
 * the child started, plus every acknowledged op in order, plus, for each writer thread and for the pair thread,
 * possibly the one op after its last acknowledged one (it may have become durable before the child could print
 * its acknowledgement; a thread starts its next op only after printing). Each key maps to the seq of the write
 * that produced its value; a missing key is absent. Not thread-safe: feed it from one thread.
 */
final class KillNineModel {
    private final long base;
    private final Map<String, Long> state;
    private final long[] lastAck = new long[KillNineOps.WRITERS];
    private long lastPair;
    private long acked;

    /** @param initial the store's content (key to seq) when the child started; copied */
    KillNineModel(Map<String, Long> initial, long base) {
        this.state = new HashMap<>(initial);
        this.base = base;
        java.util.Arrays.fill(lastAck, base - 1);
        this.lastPair = base - 1;
    }

    /** Applies one line of the child's protocol; ignores lines that are not acknowledgements. */
    void accept(String line) {
        String[] f = line.split(" ");
        if (f[0].equals("A")) {
            int t = Integer.parseInt(f[1]);
            long seq = Long.parseLong(f[2]);
            if (seq != lastAck[t] + 1) {
                throw new AssertionError("writer " + t + " acknowledged seq " + seq + " after " + lastAck[t]);
            }
            apply(state, t, seq);
            lastAck[t] = seq;
            acked++;
        } else if (f[0].equals("P")) {
            long seq = Long.parseLong(f[1]);
            if (seq != lastPair + 1) {
                throw new AssertionError("pair thread acknowledged seq " + seq + " after " + lastPair);
            }
            for (String k : KillNineOps.pairKeys(seq)) {
                state.put(k, seq);
            }
            lastPair = seq;
            acked++;
        }
    }

    long acked() {
        return acked;
    }

    private static void apply(Map<String, Long> m, int thread, long seq) {
        String key = KillNineOps.key(thread, seq);
        if (KillNineOps.isDelete(seq)) {
            m.remove(key);
        } else {
            m.put(key, seq);
        }
    }

    /**
     * Checks {@code store} against the model: every value whole (canonical for its key), every key at its
     * acknowledged state or at the state of the single possibly-durable next op of its thread, pairs atomic.
     * Returns the store's content as key to seq.
     */
    Map<String, Long> verify(KvStore store) {
        Map<String, Long> actual = read(store);
        // The alternative state for each key touched by a possibly-durable unacknowledged op.
        Map<String, Long> alt = new HashMap<>();
        Set<String> altKeys = new HashSet<>();
        for (int t = 0; t < KillNineOps.WRITERS; t++) {
            long next = lastAck[t] + 1;
            String key = KillNineOps.key(t, next);
            altKeys.add(key);
            if (!KillNineOps.isDelete(next)) {
                alt.put(key, next);
            }
        }
        for (String key : KillNineOps.pairKeys(lastPair + 1)) {
            altKeys.add(key);
            alt.put(key, lastPair + 1);
        }
        Set<String> keys = new HashSet<>(state.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            Long got = actual.get(key);
            Long want = state.get(key);
            boolean ok = Objects.equals(got, want) || (altKeys.contains(key) && Objects.equals(got, alt.get(key)));
            if (!ok) {
                throw new AssertionError("key " + key + ": recovered seq " + got + ", acknowledged seq " + want
                        + (altKeys.contains(key) ? " (or unacknowledged " + alt.get(key) + ")" : ""));
            }
        }
        for (int j = 0; j < KillNineOps.PAIRS; j++) {
            List<String> pk = KillNineOps.pairKeys(j);
            if (!Objects.equals(actual.get(pk.get(0)), actual.get(pk.get(1)))) {
                throw new AssertionError("pair transaction torn: " + pk.get(0) + "=" + actual.get(pk.get(0)) + " but "
                        + pk.get(1) + "=" + actual.get(pk.get(1)));
            }
        }
        return actual;
    }

    /** The store's content as key to seq; fails on any value that is not canonical for its key (torn). */
    static Map<String, Long> read(KvStore store) {
        Map<String, Long> actual = new HashMap<>();
        store.forEach((k, v) -> {
            String key = Payloads.string(k);
            int extra = key.startsWith("big-") ? KillNineIT.BIG_EXTRA : KillNineOps.MAX_EXTRA;
            long seq = Payloads.seqOf(key, v, extra);
            if (seq < 0) {
                throw new AssertionError("key " + key + " has a torn or foreign value of " + v.length + " bytes");
            }
            actual.put(key, seq);
        });
        if (actual.size() != store.stats().count()) {
            throw new AssertionError("iteration saw " + actual.size() + " keys, stats().count() says "
                    + store.stats().count());
        }
        return actual;
    }

    long base() {
        return base;
    }
}
