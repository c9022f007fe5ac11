package io.kvstore.bench.writepath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WritePathReportTest {

    @Test
    void median_oddAndEvenCounts_middleRateAndNaNIgnored() {
        CommitRow a = new CommitRow("w", "kvstore", 10, 1, 5, "");
        CommitRow b = new CommitRow("w", "kvstore", 30, 3, 5, "");
        CommitRow c = new CommitRow("w", "kvstore", 20, 2, 5, "");
        assertEquals(20, CommitRow.median(List.of(a, b, c)).perSecond());
        assertEquals(2, CommitRow.median(List.of(a, b, c)).groupSize());
        assertEquals(10, CommitRow.median(List.of(b, a)).perSecond());
        assertEquals(30, CommitRow.median(List.of(CommitRow.failed("w", "kvstore", "x"), b)).perSecond());
    }

    @Test
    void commits_ratioAgainstTarget_metAndMissedMarked() {
        String table = WritePathReport.commits(List.of(
                new CommitRow("8 threads", "kvstore", 24_000, 7.6, 3_000, ""),
                new CommitRow("8 threads", "SQLite", 1_200, Double.NaN, Double.NaN, ""),
                new CommitRow("64 threads", "kvstore", 20_000, 40, 500, ""),
                new CommitRow("64 threads", "SQLite", 1_000, Double.NaN, Double.NaN, "")),
                Map.of("8 threads", 10.0, "64 threads", 30.0));
        assertTrue(table.contains("| 8 threads | 24.0k | 7.6 | 3.00k | 1.20k | 20.00x | met (>= 10.00x) |"), table);
        assertTrue(table.contains("| 64 threads | 20.0k | 40.0 | 500 | 1.00k | 20.00x | **missed** (>= 30.00x) |"),
                table);
    }

    @Test
    void coldLoad_belowTarget_reportedAsMissed() {
        String t = WritePathReport.coldLoad(List.of(new CommitRow("cold", "kvstore", 300_000, Double.NaN, Double.NaN,
                "median of 3"), new CommitRow("cold", "SQLite", 250_000, Double.NaN, Double.NaN, "median of 3")), 1.5);
        assertTrue(t.contains("| 300k | 250k | 1.20x | **missed** (>= 1.50x) |"), t);
    }
}
