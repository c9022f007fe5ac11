package io.kvstore.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Random operation sequences checked against a plain {@link HashMap} model. */
class HashTableDifferentialTest {

    @ParameterizedTest(name = "seed={0} keys={1} tracking={2}")
    @CsvSource({
        "1, 50, false",      // few keys: constant replacing and tombstone reuse in small segments
        "2, 3000, false",    // growth and shrinking across many segments
        "3, 20000, false",
        "4, 3000, true",
        "5, 400, true",
    })
    void randomOperations_matchHashMapModel(long seed, int keySpace, boolean tracking) {
        SplittableRandom rnd = new SplittableRandom(seed);
        HashTable table = new HashTable(tracking);
        Map<ByteBuffer, byte[]> model = new HashMap<>();
        byte[][] keys = new byte[keySpace][];
        for (int i = 0; i < keySpace; i++) {
            keys[i] = randomKey(rnd, i);
        }
        long version = 0;
        int ops = 200_000;
        for (int op = 0; op < ops; op++) {
            byte[] key = keys[rnd.nextInt(keySpace)];
            ByteBuffer mk = ByteBuffer.wrap(key);
            int kind = rnd.nextInt(100);
            // drift between mostly-inserting and mostly-removing phases so the table grows and shrinks
            int putShare = (op / 20_000) % 2 == 0 ? 45 : 20;
            if (kind < putShare) {
                byte[] value = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(120)];
                rnd.nextBytes(value);
                byte[] rec = EntryRecord.encode(key, value, ++version, TestRecords.NOW - rnd.nextLong(1L << 40),
                        TestRecords.NOW);
                assertSame(model.put(mk, rec), table.put(rec), "put");
            } else if (kind < 60) {
                assertSame(model.remove(mk), table.remove(key), "remove");
            } else if (kind < 99) {
                assertSame(model.get(mk), table.get(key), "get");
            } else if (rnd.nextInt(200) == 0) {
                model.clear();
                table.clear();
            } else if (tracking) {
                byte[] candidate = table.evictionCandidate(1 + rnd.nextInt(8), rnd);
                if (model.isEmpty()) {
                    assertNull(candidate);
                } else {
                    assertSame(model.get(ByteBuffer.wrap(EntryRecord.key(candidate))), candidate, "candidate");
                }
            }
            assertEquals(model.size(), table.size());
            if (op % 5_000 == 0 || op == ops - 1) {
                checkAll(table, model);
            }
        }
    }

    private static void checkAll(HashTable table, Map<ByteBuffer, byte[]> model) {
        assertEquals(table.recomputeMemoryAndCheck(), table.memoryUsed(), "memoryUsed");
        assertTrue(table.loadFactor() <= 0.75);
        int n = 0;
        for (Iterator<byte[]> it = table.records(); it.hasNext(); n++) {
            byte[] rec = it.next();
            assertSame(model.get(ByteBuffer.wrap(EntryRecord.key(rec))), rec, "iterated record");
        }
        assertEquals(model.size(), n, "iterated count");
        for (Map.Entry<ByteBuffer, byte[]> e : model.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey().array()));
        }
    }

    /** Keys of varied lengths (0..40, mostly 1..20), unique by construction. */
    private static byte[] randomKey(SplittableRandom rnd, int i) {
        if (i == 0) {
            return new byte[0];
        }
        int len = rnd.nextInt(10) == 0 ? 21 + rnd.nextInt(20) : 4 + rnd.nextInt(17);
        byte[] k = new byte[len];
        rnd.nextBytes(k);
        k[0] = (byte) i; // with the next bytes, distinct for distinct i
        k[1] = (byte) (i >>> 8);
        k[2] = (byte) (i >>> 16);
        return k;
    }
}
