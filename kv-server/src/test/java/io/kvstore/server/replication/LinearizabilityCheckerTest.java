package io.kvstore.server.replication;

import static io.kvstore.server.replication.LinearizabilityChecker.UNKNOWN;
import static io.kvstore.server.replication.LinearizabilityChecker.isLinearizable;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.server.replication.LinearizabilityChecker.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
    @Test
    void isLinearizable_sequentialWriteThenRead_true() {
        assertTrue(isLinearizable(List.of(Op.write("1", 0, 1), Op.read("1", 2, 3)), null));
    }

    @Test
    void isLinearizable_readOfInitialAfterCompletedWrite_false() {
        assertFalse(isLinearizable(List.of(Op.write("1", 0, 1), Op.read(null, 2, 3)), null));
    }

    @Test
    void isLinearizable_readConcurrentWithWrite_eitherValue() {
        assertTrue(isLinearizable(List.of(Op.write("1", 0, 10), Op.read(null, 5, 6)), null));
        assertTrue(isLinearizable(List.of(Op.write("1", 0, 10), Op.read("1", 5, 6)), null));
    }

    @Test
    void isLinearizable_valueGoesBack_false() {
        // both writes finished before the reads: after reading 2 the register cannot show 1 again
        assertFalse(isLinearizable(List.of(Op.write("1", 0, 10), Op.write("2", 0, 10), Op.read("2", 11, 12),
                Op.read("1", 13, 14)), null));
        assertTrue(isLinearizable(List.of(Op.write("1", 0, 10), Op.write("2", 0, 10), Op.read("2", 11, 12),
                Op.read("2", 13, 14)), null));
    }

    @Test
    void isLinearizable_readOfValueNeverWritten_false() {
        assertFalse(isLinearizable(List.of(Op.write("1", 0, 1), Op.read("7", 2, 3)), null));
    }

    @Test
    void isLinearizable_staleReadFromOtherClient_false() {
        // client A writes 1 then 2 sequentially; client B reads 2 then, later, 1 (a stale follower would)
        assertFalse(isLinearizable(List.of(Op.write("1", 0, 1), Op.write("2", 2, 3), Op.read("2", 4, 5),
                Op.read("1", 6, 7)), null));
    }

    @Test
    void isLinearizable_unknownWriteMayTakeEffectLateOrNever() {
        assertTrue(isLinearizable(List.of(Op.write("1", 0, UNKNOWN), Op.read(null, 1, 2), Op.read("1", 5, 6)), null));
        assertTrue(isLinearizable(List.of(Op.write("1", 0, UNKNOWN), Op.read(null, 1, 2)), null));
        assertFalse(isLinearizable(List.of(Op.write("1", 0, UNKNOWN), Op.read("1", 1, 2), Op.read(null, 5, 6)), null));
    }

    @Test
    void isLinearizable_randomHistoriesOfARealRegister_true() {
        Random rnd = new Random(17);
        for (int round = 0; round < 50; round++) {
            List<Op> ops = new ArrayList<>();
            String value = null;
            long t = 0;
            // each operation takes effect at t; its interval is widened randomly around it (overlaps)
            for (int i = 0; i < 60; i++) {
                t += 10;
                long inv = t - rnd.nextInt(25);
                long ret = t + rnd.nextInt(25);
                if (rnd.nextBoolean()) {
                    value = "v" + i;
                    ops.add(Op.write(value, inv, rnd.nextInt(10) == 0 ? UNKNOWN : ret));
                } else {
                    ops.add(Op.read(value, inv, ret));
                }
            }
            assertTrue(isLinearizable(ops, null), "round " + round);
        }
    }

    @Test
    void isLinearizable_randomHistoryWithOneStaleRead_false() {
        Random rnd = new Random(5);
        List<Op> ops = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 40; i++) {
            t += 100;
            ops.add(Op.write("v" + i, t - rnd.nextInt(5), t + rnd.nextInt(5)));
        }
        ops.add(Op.read("v10", t + 50, t + 60)); // long after v39 was written
        assertFalse(isLinearizable(ops, null));
    }
}
