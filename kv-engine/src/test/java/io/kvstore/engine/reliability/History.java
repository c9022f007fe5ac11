package io.kvstore.engine.reliability;

import io.kvstore.engine.KvStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The acknowledged history of a store in LSN order: for each committed record, the keys it wrote (to the seq of
 * their {@link Payloads} value) or deleted. {@link #stateAt(long)} is the exact content the store must have
 * after replaying the records up to an LSN. Not thread-safe.
 */
public final class History {
    /** One change: {@code seq} null means delete. */
    public record Op(long lsn, String key, Long seq) {
    }

    private final List<Op> ops = new ArrayList<>();
    private final int maxExtra;

    public History(int maxExtra) {
        this.maxExtra = maxExtra;
    }

    public int maxExtra() {
        return maxExtra;
    }

    public void put(long lsn, String key, long seq) {
        add(new Op(lsn, key, seq));
    }

    public void delete(long lsn, String key) {
        add(new Op(lsn, key, null));
    }

    private void add(Op op) {
        if (!ops.isEmpty() && ops.get(ops.size() - 1).lsn() > op.lsn()) {
            throw new IllegalArgumentException("LSN " + op.lsn() + " after " + ops.get(ops.size() - 1).lsn());
        }
        ops.add(op);
    }

    /** Forgets every record with LSN greater than {@code lsn} (they were lost, and their LSNs will be reused). */
    public void truncateAfter(long lsn) {
        ops.removeIf(op -> op.lsn() > lsn);
    }

    /** An independent copy. */
    public History copy() {
        History h = new History(maxExtra);
        h.ops.addAll(ops);
        return h;
    }

    /** LSN of the last record, 0 if none. */
    public long lastLsn() {
        return ops.isEmpty() ? 0 : ops.get(ops.size() - 1).lsn();
    }

    /** Number of records (distinct LSNs). */
    public long records() {
        return ops.stream().mapToLong(Op::lsn).distinct().count();
    }

    /** Key to seq after every record with LSN &lt;= {@code lsn}. */
    public Map<String, Long> stateAt(long lsn) {
        Map<String, Long> m = new HashMap<>();
        for (Op op : ops) {
            if (op.lsn() > lsn) {
                break;
            }
            if (op.seq() == null) {
                m.remove(op.key());
            } else {
                m.put(op.key(), op.seq());
            }
        }
        return m;
    }

    /** Applies the records with {@code fromExclusive < LSN <= toInclusive} to a copy of {@code base}. */
    public Map<String, Long> replay(Map<String, Long> base, long fromExclusive, long toInclusive) {
        Map<String, Long> m = new HashMap<>(base);
        for (Op op : ops) {
            if (op.lsn() <= fromExclusive || op.lsn() > toInclusive) {
                continue;
            }
            if (op.seq() == null) {
                m.remove(op.key());
            } else {
                m.put(op.key(), op.seq());
            }
        }
        return m;
    }

    /** The store's content as key to seq; throws on a value that is not canonical for its key (torn). */
    public Map<String, Long> read(KvStore store) {
        Map<String, Long> actual = new HashMap<>();
        store.forEach((k, v) -> {
            String key = Payloads.string(k);
            long seq = Payloads.seqOf(key, v, maxExtra);
            if (seq < 0) {
                throw new AssertionError("key " + key + " has a torn or foreign value of " + v.length + " bytes");
            }
            actual.put(key, seq);
        });
        return actual;
    }

    /** Asserts that the store holds exactly the state after LSN {@code lsn}; returns the number of keys checked. */
    public int assertStateAt(KvStore store, long lsn, String context) {
        Map<String, Long> want = stateAt(lsn);
        assertSame(want, read(store), context + " (state after LSN " + lsn + ")");
        return want.size();
    }

    public static void assertSame(Map<String, Long> want, Map<String, Long> got, String context) {
        if (!Objects.equals(want, got)) {
            List<String> diffs = new ArrayList<>();
            for (String k : want.keySet()) {
                if (!Objects.equals(want.get(k), got.get(k))) {
                    diffs.add(k + ": want " + want.get(k) + " got " + got.get(k));
                }
            }
            for (String k : got.keySet()) {
                if (!want.containsKey(k)) {
                    diffs.add(k + ": want absent got " + got.get(k));
                }
            }
            throw new AssertionError(context + ": " + diffs.size() + " keys differ, e.g. "
                    + diffs.subList(0, Math.min(5, diffs.size())));
        }
    }
}
