package io.kvstore.server.replication;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a history of one register (one key: writes of values, reads returning values) for linearizability, by
 * Wing and Gong's search (1993) with Lowe's memoization of visited configurations (2017), as Knossos and
 * Porcupine do: find an order of the operations that respects real time (an operation that returned before
 * another was invoked comes first) and the register's sequential meaning (a read returns the latest write).
 *
 * <p>Operations of unknown outcome (the client got no answer) are writes with {@link Op#UNKNOWN} as return time:
 * they may take effect at any time after their invocation, or never. Reads without an answer constrain nothing
 * and are left out by the caller. Stateless; thread-safe.
 */
final class LinearizabilityChecker {
    /** Return time of an operation whose outcome is unknown. */
    static final long UNKNOWN = Long.MAX_VALUE;

    /**
     * One operation.
     *
     * @param write a write of {@code value}, else a read that returned {@code value} (null: no value)
     * @param value the value written or read
     * @param invoke when the client sent it (any clock shared by all clients, e.g. nanoTime of one JVM)
     * @param ret when the client got its answer, or {@link #UNKNOWN}
     */
    record Op(boolean write, String value, long invoke, long ret) {
        static Op write(String v, long invoke, long ret) {
            return new Op(true, v, invoke, ret);
        }

        static Op read(String v, long invoke, long ret) {
            return new Op(false, v, invoke, ret);
        }
    }

    private LinearizabilityChecker() {
    }

    /** Whether {@code history} (in any order) is linearizable for a register that starts as {@code initial}. */
    static boolean isLinearizable(List<Op> history, String initial) {
        List<Op> ops = new ArrayList<>(history);
        ops.sort(Comparator.comparingLong(Op::invoke));
        int mustDo = 0;
        for (Op o : ops) {
            if (o.ret() != UNKNOWN) {
                mustDo++;
            }
        }
        return new Search(ops, mustDo).run(new BitSet(ops.size()), initial, 0);
    }

    private static final class Search {
        private final List<Op> ops;
        private final int mustDo;
        private final Set<Config> seen = new HashSet<>();

        Search(List<Op> ops, int mustDo) {
            this.ops = ops;
            this.mustDo = mustDo;
        }

        /** Depth-first: can the operations not in {@code done} be linearized from {@code state}? */
        boolean run(BitSet done, String state, int doneKnown) {
            if (doneKnown == mustDo) {
                return true;
            }
            if (!seen.add(new Config((BitSet) done.clone(), state))) {
                return false;
            }
            long minRet = Long.MAX_VALUE;
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                minRet = Math.min(minRet, ops.get(i).ret());
            }
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                Op o = ops.get(i);
                if (o.invoke() > minRet) {
                    break; // sorted by invocation: every later one was invoked after some pending op returned
                }
                String next;
                if (o.write()) {
                    next = o.value();
                } else if (Objects.equals(o.value(), state)) {
                    next = state;
                } else {
                    continue;
                }
                done.set(i);
                boolean ok = run(done, next, doneKnown + (o.ret() != UNKNOWN ? 1 : 0));
                done.clear(i);
                if (ok) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Config(BitSet done, String state) {
    }
}
