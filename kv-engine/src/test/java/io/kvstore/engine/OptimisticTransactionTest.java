package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimisticTransactionTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void get_ownWrite_visibleInsideInvisibleOutside() {
        try (KvStore s = KvStore.inMemory(); KvTransaction t = s.begin()) {
            t.put(b("a"), b("1"));
            assertArrayEquals(b("1"), t.get(b("a")));
            assertNull(s.get(b("a")));
            t.commit();
            assertArrayEquals(b("1"), s.get(b("a")));
        }
    }

    @Test
    void rollback_bufferedWrites_discarded() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            t.put(b("a"), b("1"));
            t.rollback();
            assertNull(s.get(b("a")));
            assertFalse(t.isOpen());
            assertThrows(KvClosedException.class, t::commit);
        }
    }

    @Test
    void commit_readKeyChangedByOther_throwsConflictAndAppliesNothing() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            KvTransaction t = s.begin();
            t.get(b("a"));
            t.put(b("b"), b("2"));
            s.put(b("a"), b("other"));
            assertThrows(KvConflictException.class, t::commit);
            assertNull(s.get(b("b")));
        }
    }

    @Test
    void commit_writeWriteConflict_secondCommitterLoses() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t1 = s.begin();
            KvTransaction t2 = s.begin();
            t1.put(b("a"), b("1"));
            t2.put(b("a"), b("2"));
            t1.commit();
            assertThrows(KvConflictException.class, t2::commit);
            assertArrayEquals(b("1"), s.get(b("a")));
        }
    }

    @Test
    void commit_phantomInsertOfReadAbsentKey_conflicts() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            assertNull(t.get(b("x")));
            t.put(b("y"), b("1"));
            s.put(b("x"), b("now present"));
            assertThrows(KvConflictException.class, t::commit);
        }
    }

    @Test
    void commit_afterIteratingAndAnyOtherCommit_conflicts() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            KvTransaction t = s.begin();
            Iterator<KvEntry> it = t.iterator();
            while (it.hasNext()) {
                it.next();
            }
            t.put(b("sum"), b("1"));
            s.put(b("unrelated"), b("x"));
            assertThrows(KvConflictException.class, t::commit);
        }
    }

    @Test
    void iterator_overlaysOwnPutsAndDeletes() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            s.put(b("b"), b("2"));
            try (KvTransaction t = s.begin()) {
                t.put(b("a"), b("10"));
                t.delete(b("b"));
                t.put(b("c"), b("3"));
                Map<String, String> seen = new HashMap<>();
                t.iterator().forEachRemaining(e -> seen.put(new String(e.key(), UTF_8), new String(e.value(), UTF_8)));
                assertEquals(Map.of("a", "10", "c", "3"), seen);
            }
        }
    }

    @Test
    void insert_existingInView_throwsDuplicate() {
        try (KvStore s = KvStore.inMemory(); KvTransaction t = s.begin()) {
            s.put(b("a"), b("1"));
            assertThrows(KvDuplicateKeyException.class, () -> t.insert(b("a"), b("2")));
            t.insert(b("n"), b("1"));
            assertThrows(KvDuplicateKeyException.class, () -> t.insert(b("n"), b("2")));
        }
    }

    @Test
    void replaceAndDelete_reportPresenceInView() {
        try (KvStore s = KvStore.inMemory(); KvTransaction t = s.begin()) {
            assertFalse(t.replace(b("a"), b("1")));
            t.put(b("a"), b("1"));
            assertTrue(t.replace(b("a"), b("2")));
            assertTrue(t.delete(b("a")));
            assertFalse(t.delete(b("a")));
            t.commit();
            assertNull(s.get(b("a")));
        }
    }

    @Test
    void commit_manyKeys_isOneRecordAllOrNothingAfterCrash() {
        KvStore s = KvStore.open(dir);
        try (KvTransaction t = s.begin()) {
            for (int i = 0; i < 100; i++) {
                t.put(b("k" + i), b("v" + i));
            }
            t.commit();
        }
        long lsn = s.stats().lastLsn();
        assertEquals(1, lsn, "one transaction is one log record");
        long version = s.getEntry(b("k0")).version();
        assertEquals(version, s.getEntry(b("k99")).version());
        s.simulateCrash();
        try (KvStore r = KvStore.open(dir)) {
            assertEquals(100, r.stats().count());
        }
    }

    @Test
    void commit_readOnlyStore_readOnlyTransactionCommits() {
        try (KvStore s = KvStore.open(dir)) {
            s.put(b("a"), b("1"));
        }
        try (KvStore s = KvStore.open(dir, KvOptions.builder().readOnly(true).build())) {
            KvTransaction t = s.begin();
            assertArrayEquals(b("1"), t.get(b("a")));
            t.commit();
            KvTransaction w = s.begin();
            assertThrows(KvReadOnlyException.class, () -> w.put(b("b"), b("2")));
        }
    }

    @Test
    void insertOwned_manyNewKeys_committedWithTheirValues() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            for (int i = 0; i < 5_000; i++) {
                t.insertOwned(b("k" + i), b("v" + i));
            }
            assertEquals(5_000, t.writeCount());
            assertArrayEquals(b("v4999"), t.get(b("k4999")), "reads see own writes");
            assertNull(s.get(b("k0")));
            t.commit();
            assertEquals(5_000, s.stats().count());
            assertArrayEquals(b("v0"), s.get(b("k0")));
            assertEquals(s.getEntry(b("k0")).version(), s.getEntry(b("k4999")).version());
        }
    }

    @Test
    void insertOwned_duplicateInBatchOrStore_throwsDuplicateAndKeepsEarlierInserts() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("stored"), b("old"));
            KvTransaction t = s.begin();
            t.insertOwned(b("a"), b("1"));
            assertThrows(KvDuplicateKeyException.class, () -> t.insertOwned(b("a"), b("2")));
            assertThrows(KvDuplicateKeyException.class, () -> t.insertOwned(b("stored"), b("new")));
            t.insertOwned(b("b"), b("3"));
            t.commit();
            assertArrayEquals(b("1"), s.get(b("a")));
            assertArrayEquals(b("3"), s.get(b("b")));
            assertArrayEquals(b("old"), s.get(b("stored")));
        }
    }

    @Test
    void insert_nullOrOversized_throwsAndBuffersNothing() {
        try (KvStore s = KvStore.inMemory(KvOptions.builder().maxValueBytes(4).build())) {
            KvTransaction t = s.begin();
            assertThrows(NullPointerException.class, () -> t.insert(null, b("1")));
            assertThrows(NullPointerException.class, () -> t.insertOwned(b("k"), null));
            assertThrows(KvLimitException.class, () -> t.insertOwned(b("k"), b("12345")));
            assertEquals(0, t.writeCount());
            t.insert(b("k"), b("1234"));
            t.commit();
            assertArrayEquals(b("1234"), s.get(b("k")));
        }
    }

    @Test
    void insert_callerChangesArraysAfterwards_transactionKeepsItsCopy() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            byte[] k = b("key");
            byte[] v = b("value");
            t.insert(k, v);
            k[0] = 'X';
            v[0] = 'X';
            t.commit();
            assertArrayEquals(b("value"), s.get(b("key")));
        }
    }

    @Test
    void commit_batchOfInsertsAndConcurrentWriterOfOneKey_throwsConflictAndAppliesNothing() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            for (int i = 0; i < 1_000; i++) {
                t.insertOwned(b("k" + i), b("v" + i));
            }
            s.put(b("k500"), b("other"));
            assertThrows(KvConflictException.class, t::commit);
            assertEquals(1, s.stats().count());
            assertArrayEquals(b("other"), s.get(b("k500")));
        }
    }

    @Test
    void rollback_afterBatchOfInserts_appliesNothing() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            for (int i = 0; i < 1_000; i++) {
                t.insertOwned(b("k" + i), b("v" + i));
            }
            t.rollback();
            assertEquals(0, s.stats().count());
            assertEquals(0, s.stats().lastLsn());
        }
    }

    @Test
    void commit_readKeysBetweenInserts_readKeyChangedByOther_throwsConflict() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("r"), b("1"));
            KvTransaction t = s.begin();
            t.insert(b("a"), b("1"));
            assertArrayEquals(b("1"), t.get(b("r")));
            t.insert(b("b"), b("2"));
            s.put(b("r"), b("2"));
            assertThrows(KvConflictException.class, t::commit);
            assertNull(s.get(b("a")));
        }
    }

    @Test
    void commit_writesOutOfFirstTouchOrder_appliesLatestValueOfEachKey() {
        try (KvStore s = KvStore.open(dir)) {
            s.put(b("c"), b("0"));
            KvTransaction t = s.begin();
            assertArrayEquals(b("0"), t.get(b("c")));
            t.put(b("a"), b("1"));
            t.put(b("b"), b("2"));
            t.put(b("a"), b("3"));
            t.delete(b("c"));
            t.put(b("b"), b("4"));
            assertEquals(3, t.writeCount());
            t.commit();
            assertArrayEquals(b("3"), s.get(b("a")));
            assertArrayEquals(b("4"), s.get(b("b")));
            assertNull(s.get(b("c")));
            s.simulateCrash();
        }
        try (KvStore r = KvStore.open(dir)) {
            assertArrayEquals(b("3"), r.get(b("a")));
            assertArrayEquals(b("4"), r.get(b("b")));
            assertNull(r.get(b("c")));
        }
    }

    @Test
    void commit_otherCommitOfUnrelatedKeySinceBegin_checksEachKeyAndSucceeds() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("seen"), b("1"));
            KvTransaction t = s.begin();
            assertArrayEquals(b("1"), t.get(b("seen")));
            t.insertOwned(b("new"), b("2"));
            t.put(b("seen"), b("3"));
            s.put(b("unrelated"), b("x"));
            t.commit();
            assertArrayEquals(b("2"), s.get(b("new")));
            assertArrayEquals(b("3"), s.get(b("seen")));
        }
    }

    @Test
    void commit_keyInsertedByOtherAfterBeginButBeforeRead_seenAndConflictsOnlyIfChangedAgain() {
        try (KvStore s = KvStore.inMemory()) {
            KvTransaction t = s.begin();
            s.put(b("k"), b("other")); // committed after begin, before t reads it
            assertThrows(KvDuplicateKeyException.class, () -> t.insert(b("k"), b("mine")));
            t.insert(b("j"), b("mine"));
            t.commit(); // k was read at its current version, which still holds
            assertArrayEquals(b("other"), s.get(b("k")));
            assertArrayEquals(b("mine"), s.get(b("j")));
        }
    }
}
