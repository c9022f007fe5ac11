package io.kvstore.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TtlBenchTest {
    @Test
    void nextSample_afterALongLoad_skipsTheGridPointsAlreadyPassed() {
        // a 10.7 s load: the next sample is at 12 s, not at 2, 4, ... 10 s all taken at once
        assertEquals(12_000, TtlBench.nextSample(10_700, 2000));
    }

    @Test
    void nextSample_onAGridPoint_returnsTheFollowingOne() {
        assertEquals(14_000, TtlBench.nextSample(12_000, 2000));
        assertEquals(14_000, TtlBench.nextSample(12_001, 2000));
        assertEquals(2000, TtlBench.nextSample(0, 2000));
    }

    @Test
    void nextSample_nonPositiveStep_throws() {
        assertThrows(IllegalArgumentException.class, () -> TtlBench.nextSample(5, 0));
    }
}
