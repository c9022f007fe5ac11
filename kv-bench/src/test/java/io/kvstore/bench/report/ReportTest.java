package io.kvstore.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportTest {
    private static final String NOTES = "# Analysis\n\nintro\n\n## full scan >= 1.0x best of H2, SQLite\n\n"
            + "Scans are bound by\ncache misses.\n\n## batch load >= 1.0x best of H2, SQLite\nPer-row maps.\n";

    @Test
    void analysisOf_presentSection_returnsItsBodyUpToTheNextHeading() {
        assertEquals("Scans are bound by\ncache misses.",
                Report.analysisOf(NOTES, "full scan >= 1.0x best of H2, SQLite"));
    }

    @Test
    void analysisOf_lastSection_returnsItsBodyToTheEnd() {
        assertEquals("Per-row maps.", Report.analysisOf(NOTES, "batch load >= 1.0x best of H2, SQLite"));
    }

    @Test
    void analysisOf_missingSectionOrEmptyText_empty() {
        assertEquals("", Report.analysisOf(NOTES, "durable commits, 1 thread >= 0.8x SQLite"));
        assertEquals("", Report.analysisOf("", "full scan >= 1.0x best of H2, SQLite"));
    }
}
