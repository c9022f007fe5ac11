package io.kvstore.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** docs/benchmark-analysis.md keeps a section for every target, so that a missed one is explained on the page. */
    @Test
    void analysisFile_everyTarget_hasASection() throws Exception {
        String text = Files.readString(Path.of("..", "docs", Report.ANALYSIS), StandardCharsets.UTF_8);
        for (Targets.Target t : Targets.ALL) {
            assertFalse(Report.analysisOf(text, t.description()).isEmpty(), "no section for: " + t.description());
        }
    }
}
