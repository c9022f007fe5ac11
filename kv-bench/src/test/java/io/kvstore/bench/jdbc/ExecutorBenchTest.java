package io.kvstore.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorBenchTest {
    @Test
    void rotation_firstRound_isTheListedOrder() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, ExecutorBench.rotation(0, 7));
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 0, 1}, ExecutorBench.rotation(2, 7));
    }

    @Test
    void rotation_nRounds_everyRowOnceInEveryPosition() {
        int n = 7;
        for (int pos = 0; pos < n; pos++) {
            Set<Integer> rowsAtPosition = new HashSet<>();
            for (int round = 0; round < n; round++) {
                rowsAtPosition.add(ExecutorBench.rotation(round, n)[pos]);
            }
            assertEquals(n, rowsAtPosition.size(), "position " + pos);
        }
        for (int round = 0; round < n; round++) {
            Set<Integer> rowsInRound = new HashSet<>();
            for (int row : ExecutorBench.rotation(round, n)) {
                rowsInRound.add(row);
            }
            assertEquals(n, rowsInRound.size(), "round " + round);
        }
    }
}
