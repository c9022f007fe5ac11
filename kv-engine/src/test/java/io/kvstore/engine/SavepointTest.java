package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Savepoints of {@link KvTransaction}: {@code savepoint}, {@code rollbackTo}, {@code releaseSavepoint}. */
class SavepointTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void rollbackTo_undoesOnlyTheWritesAfterTheSavepoint() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("c"), b("old"));
            KvTransaction t = s.begin();
            t.put(b("a"), b("1"));
            int sp = t.savepoint();
            t.put(b("a"), b("2"));
            t.put(b("b"), b("1"));
            t.delete(b("c"));
            t.rollbackTo(sp);
            assertArrayEquals(b("1"), t.get(b("a")));
            assertNull(t.get(b("b")));
            assertArrayEquals(b("old"), t.get(b("c")));
            assertEquals(1, t.writeCount());
            t.put(b("d"), b("after"));
            t.commit();
            assertArrayEquals(b("1"), s.get(b("a")));
            assertNull(s.get(b("b")));
            assertArrayEquals(b("old"), s.get(b("c")));
            assertArrayEquals(b("after"), s.get(b("d")));
        }
    }

    @Test
    void rollbackTo_outerSavepoint_invalidatesInnerOnes_andStaysUsable() {
        try (KvStore s = KvStore.inMemory(); KvTransaction t = s.begin()) {
            int outer = t.savepoint();
            t.put(b("x"), b("1"));
            int inner = t.savepoint();
            t.put(b("y"), b("1"));
            t.rollbackTo(outer);
            assertNull(t.get(b("x")));
            assertNull(t.get(b("y")));
            assertThrows(IllegalArgumentException.class, () -> t.rollbackTo(inner));
            t.put(b("z"), b("1"));
            t.rollbackTo(outer);
            assertNull(t.get(b("z")));
            assertEquals(0, t.writeCount());
        }
    }

    @Test
    void rollbackTo_innerSavepoint_keepsTheWritesBeforeIt() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            int outer = t.savepoint();
            t.put(b("x"), b("1"));
            int inner = t.savepoint();
            t.put(b("x"), b("2"));
            t.put(b("y"), b("1"));
            t.rollbackTo(inner);
            assertArrayEquals(b("1"), t.get(b("x")));
            assertNull(t.get(b("y")));
            t.rollbackTo(outer);
            assertNull(t.get(b("x")));
            t.put(b("w"), b("1"));
            t.commit();
            assertNull(s.get(b("x")));
            assertArrayEquals(b("1"), s.get(b("w")));
        }
    }

    @Test
    void releaseSavepoint_keepsTheWrites_andTheIdIsGone() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            int sp = t.savepoint();
            t.put(b("x"), b("1"));
            int later = t.savepoint();
            t.releaseSavepoint(sp);
            assertThrows(IllegalArgumentException.class, () -> t.rollbackTo(sp));
            assertThrows(IllegalArgumentException.class, () -> t.rollbackTo(later));
            assertThrows(IllegalArgumentException.class, () -> t.releaseSavepoint(12345));
            t.commit();
            assertArrayEquals(b("1"), s.get(b("x")));
        }
    }

    @Test
    void rollbackTo_restoresTheExpiryOfAnOverwrittenKey() {
        try (KvStore s = KvStore.inMemory(); KvTransaction t = s.begin()) {
            long at = System.currentTimeMillis() + 3_600_000;
            t.put(b("k"), b("v"), at);
            int sp = t.savepoint();
            t.put(b("k"), b("v2"));
            assertEquals(0, t.expiresAt(b("k")) > 0 ? 1 : 0);
            t.rollbackTo(sp);
            assertArrayEquals(b("v"), t.get(b("k")));
            assertEquals(at, t.expiresAt(b("k")));
        }
    }

    @Test
    void rolledBackWriteOfAbsentKey_stillConflictsWhenAnotherInsertsIt() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            int sp = t.savepoint();
            t.put(b("k"), b("mine"));
            t.rollbackTo(sp);
            t.put(b("other"), b("1"));
            s.put(b("k"), b("theirs"));
            assertThrows(KvConflictException.class, t::commit);
            assertArrayEquals(b("theirs"), s.get(b("k")));
            assertNull(s.get(b("other")));
        }
    }

    @Test
    void savepoint_onClosedTransaction_throwsClosed() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            t.rollback();
            assertThrows(KvClosedException.class, t::savepoint);
        }
    }

    /** Random writes, savepoints, rollbacks and releases against a model of per-savepoint snapshots. */
    @Test
    void randomHistories_matchAModel() {
        Random rnd = new Random(7);
        for (int round = 0; round < 300; round++) {
            try (KvStore s = KvStore.inMemory()) {
                for (int k = 0; k < 6; k += 2) {
                    s.put(b("k" + k), b("base" + k));
                }
                KvTransaction t = s.begin();
                Map<String, String> model = new HashMap<>();
                for (int k = 0; k < 6; k += 2) {
                    model.put("k" + k, "base" + k);
                }
                java.util.ArrayList<int[]> ids = new java.util.ArrayList<>();
                java.util.ArrayList<Map<String, String>> snaps = new java.util.ArrayList<>();
                for (int step = 0; step < 40; step++) {
                    int op = rnd.nextInt(10);
                    String key = "k" + rnd.nextInt(6);
                    if (op < 4) {
                        String v = "v" + step;
                        t.put(b(key), b(v));
                        model.put(key, v);
                    } else if (op < 6) {
                        t.delete(b(key));
                        model.remove(key);
                    } else if (op < 8) {
                        ids.add(new int[] {t.savepoint()});
                        snaps.add(new HashMap<>(model));
                    } else if (op == 8 && !ids.isEmpty()) {
                        int i = rnd.nextInt(ids.size());
                        t.rollbackTo(ids.get(i)[0]);
                        model = new HashMap<>(snaps.get(i));
                        ids.subList(i + 1, ids.size()).clear();
                        snaps.subList(i + 1, snaps.size()).clear();
                    } else if (op == 9 && !ids.isEmpty()) {
                        int i = rnd.nextInt(ids.size());
                        t.releaseSavepoint(ids.get(i)[0]);
                        ids.subList(i, ids.size()).clear();
                        snaps.subList(i, snaps.size()).clear();
                    }
                    for (int k = 0; k < 6; k++) {
                        String want = model.get("k" + k);
                        byte[] got = t.get(b("k" + k));
                        assertEquals(want, got == null ? null : new String(got, UTF_8), "round " + round + " step " + step);
                    }
                }
                t.commit();
                for (int k = 0; k < 6; k++) {
                    String want = model.get("k" + k);
                    byte[] got = s.get(b("k" + k));
                    assertEquals(want, got == null ? null : new String(got, UTF_8), "round " + round + " after commit");
                }
            }
        }
    }
}
