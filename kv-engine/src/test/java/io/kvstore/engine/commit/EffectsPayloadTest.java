package io.kvstore.engine.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.wal.WalBatch;
import io.kvstore.engine.wal.WalOp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct encoding of effects is byte for byte WalBatch's encoding of the same ops. */
class EffectsPayloadTest {

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    @Test
    void encode_randomPutsDeletesAndEvictions_sameBytesAsWalBatch() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            List<Object> effects = new ArrayList<>();
            List<WalOp> ops = new ArrayList<>();
            int n = r.nextInt(0, 40);
            for (int i = 0; i < n; i++) {
                int lenChoice = r.nextInt(4);
                byte[] key = bytes(r, lenChoice == 0 ? 0 : lenChoice == 1 ? r.nextInt(1, 20) : r.nextInt(100, 300));
                int kind = r.nextInt(5);
                if (kind < 3) {
                    byte[] value = bytes(r, r.nextInt(3) == 0 ? 0 : r.nextInt(1, 20_000));
                    long created = r.nextLong(0, 1L << 45);
                    long updated = created + r.nextLong(-1_000_000, 1L << 40);
                    long version = r.nextLong(1, Long.MAX_VALUE);
                    effects.add(EntryRecord.encode(key, value, version, created, updated));
                    ops.add(WalOp.put(key, value, created, updated));
                } else if (kind == 3) {
                    effects.add(new ByteKey(key));
                    ops.add(WalOp.delete(key));
                } else {
                    effects.add(new CommitPipeline.Evicted(new ByteKey(key)));
                    ops.add(WalOp.evict(key));
                }
            }
            byte[] expected = WalBatch.encodePayload(ops);
            assertEquals(expected.length, EffectsPayload.size(effects));
            byte[] actual = new byte[expected.length + 5];
            EffectsPayload.encode(effects, actual, 3);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 3, 3 + expected.length));
            List<WalOp> decoded = WalBatch.decode(1, expected).ops();
            assertEquals(ops.size(), decoded.size());
        }
    }
}
