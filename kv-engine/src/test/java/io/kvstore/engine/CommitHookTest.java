package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitHookTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** A hook that evaluates each write, records its changes and applies them itself (declining its own writes). */
    private static final class Recorder implements CommitHook {
        final KvStore store;
        final List<List<Change>> seen = new ArrayList<>();
        private final ThreadLocal<Boolean> applying = ThreadLocal.withInitial(() -> false);

        Recorder(KvStore store) {
            this.store = store;
        }

        @Override
        public synchronized boolean commit(Commit commit) {
            if (applying.get()) {
                return false;
            }
            List<Change> changes = commit.evaluate();
            seen.add(changes);
            applying.set(true);
            try (KvTransaction tx = store.begin()) {
                for (Change c : changes) {
                    if (c.value() == null) {
                        tx.delete(c.key());
                    } else {
                        tx.put(c.key(), c.value(), c.expiresAt());
                    }
                }
                tx.commit();
            } finally {
                applying.set(false);
            }
            return true;
        }
    }

    @Test
    void setCommitHook_decliningHook_commitsLocally() {
        try (KvStore s = KvStore.inMemory()) {
            s.setCommitHook(c -> false);
            s.put(b("k"), b("v"));
            assertArrayEquals(b("v"), s.get(b("k")));
        }
    }

    @Test
    void put_hookApplies_changesGoThroughHook() {
        try (KvStore s = KvStore.inMemory()) {
            Recorder r = new Recorder(s);
            s.setCommitHook(r);
            s.put(b("k"), b("v"), 0);
            assertArrayEquals(b("v"), s.get(b("k")));
            assertEquals(1, r.seen.size());
            assertArrayEquals(b("k"), r.seen.get(0).get(0).key());
            assertArrayEquals(b("v"), r.seen.get(0).get(0).value());
            assertTrue(s.delete(b("k")));
            assertNull(r.seen.get(1).get(0).value());
            assertFalse(s.exists(b("k")));
        }
    }

    @Test
    void commit_transactionReadKeyChangedMeanwhile_throwsConflictAndChangesNothing() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            Recorder r = new Recorder(s);
            s.setCommitHook(r);
            KvTransaction tx = s.begin();
            tx.get(b("a"));
            tx.put(b("b"), b("2"));
            s.put(b("a"), b("changed"));
            assertThrows(KvConflictException.class, tx::commit);
            assertNull(s.get(b("b")));
        }
    }

    @Test
    void insert_presentKeyThroughHook_throwsDuplicate() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            s.setCommitHook(new Recorder(s));
            assertThrows(KvDuplicateKeyException.class, () -> s.insert(b("a"), b("2")));
            assertArrayEquals(b("1"), s.get(b("a")));
        }
    }

    @Test
    void compareAndSet_throughHook_reportsWhetherItWrote() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            long v = s.getEntry(b("a")).version();
            Recorder r = new Recorder(s);
            s.setCommitHook(r);
            assertFalse(s.compareAndSet(b("a"), v + 100, b("x")));
            assertTrue(s.compareAndSet(b("a"), v, b("2")));
            assertArrayEquals(b("2"), s.get(b("a")));
        }
    }

    @Test
    void putAsync_hookFails_futureFailsWithHookError() {
        try (KvStore s = KvStore.inMemory()) {
            s.setCommitHook(c -> {
                throw new KvReplicationException(KvReplicationException.Outcome.NOT_LEADER, "not the leader",
                        "h:1", null);
            });
            var f = s.putAsync(b("k"), b("v"));
            var e = assertThrows(java.util.concurrent.ExecutionException.class, f::get);
            assertEquals(KvReplicationException.Outcome.NOT_LEADER, ((KvReplicationException) e.getCause()).outcome());
            assertNull(s.get(b("k")));
        }
    }

    @Test
    void put_expiryThroughHook_changeCarriesAbsoluteExpiry() {
        try (KvStore s = KvStore.inMemory()) {
            Recorder r = new Recorder(s);
            s.setCommitHook(r);
            long at = System.currentTimeMillis() + 3_600_000;
            s.put(b("k"), b("v"), at);
            assertEquals(at, r.seen.get(0).get(0).expiresAt());
            assertEquals(at, s.expiresAt(b("k")));
        }
    }

    @Test
    void forEachKey_pointTransaction_givesKeys_rangeTransaction_false() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            List<String> keys = new ArrayList<>();
            boolean[] keysOnly = new boolean[2];
            int[] n = new int[1];
            s.setCommitHook(c -> {
                keysOnly[n[0]++] = c.forEachKey(k -> keys.add(new String(k, UTF_8)));
                return false;
            });
            try (KvTransaction tx = s.begin()) {
                tx.get(b("a"));
                tx.put(b("b"), b("2"));
                tx.commit();
            }
            assertTrue(keysOnly[0]);
            assertEquals(List.of("a", "b"), keys);
            try (KvTransaction tx = s.begin()) {
                KvCursor cur = tx.cursor(KeyRange.prefix(b("a")), false);
                while (cur.next()) {
                    cur.key();
                }
                tx.put(b("c"), b("3"));
                tx.commit();
            }
            assertFalse(keysOnly[1]);
            assertArrayEquals(b("3"), s.get(b("c")));
        }
    }
}
