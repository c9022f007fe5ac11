package io.kvstore.engine.wal;

import static io.kvstore.engine.wal.WalTestSupport.appendRange;
import static io.kvstore.engine.wal.WalTestSupport.frameOffsets;
import static io.kvstore.engine.wal.WalTestSupport.range;
import static io.kvstore.engine.wal.WalTestSupport.recover;
import static io.kvstore.engine.wal.WalTestSupport.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalWriterTest {
    private static final FileLayer FS = FileLayer.DEFAULT;

    @TempDir
    Path dir;

    @Test
    void open_emptyDirectory_createsAHeaderOnlySegment() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 4096)) {
            assertEquals(WalFormat.HEADER_SIZE, w.totalBytes());
        }
        assertArrayEquals(WalFormat.header(1), Files.readAllBytes(segment(dir, 1)));
    }

    @Test
    void writeThenRecover_acrossSeveralSegments_roundTrips() throws IOException {
        WalTestSupport.writeLog(FS, dir, 300, 1024);
        List<Long> segments = StoreFiles.walSegments(FS, dir);
        assertTrue(segments.size() > 5, "segments: " + segments);
        for (int i = 0; i < segments.size() - 1; i++) {
            assertTrue(Files.size(segment(dir, segments.get(i))) <= 1024, "segment " + segments.get(i));
        }
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 300), r.lsns());
        assertEquals(300, r.result().lastLsn());
        assertEquals(0, r.result().truncatedBytes());
        assertFalse(r.result().salvaged());
    }

    @Test
    void write_groupLargerThanASegment_isNotSplit() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 100)) {
            for (long lsn = 1; lsn <= 20; lsn++) {
                w.append(lsn, WalBatch.encodePayload(WalTestSupport.opsFor(lsn)));
            }
            w.write();
            w.sync();
        }
        assertEquals(List.of(1L), StoreFiles.walSegments(FS, dir));
        assertEquals(20, WalTestSupport.frameOffsets(segment(dir, 1)).size());
    }

    @Test
    void write_groupThatWouldOverflowTheSegment_rollsFirst() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 200, 0)) {
            appendRange(w, 1, 2);
            long sizeAfterTwo = Files.size(segment(dir, 1));
            appendRange(w, 3, 30);
            List<Long> segments = StoreFiles.walSegments(FS, dir);
            assertTrue(segments.size() > 2);
            assertTrue(sizeAfterTwo <= Files.size(segment(dir, 1)));
            long total = 0;
            for (long first : segments) {
                total += Files.size(segment(dir, first));
            }
            assertEquals(total, w.totalBytes());
        }
        assertEquals(range(1, 30), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void append_onlyBuffers_untilWrite() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 4096)) {
            w.append(1, WalBatch.encodePayload(WalTestSupport.opsFor(1)));
            assertEquals(WalFormat.HEADER_SIZE, Files.size(segment(dir, 1)));
            w.write();
            assertTrue(Files.size(segment(dir, 1)) > WalFormat.HEADER_SIZE);
        }
    }

    @Test
    void append_lsnNotNext_throws() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 5, 4096)) {
            assertThrows(IllegalArgumentException.class, () -> w.append(4, new byte[] {0, 0}));
            assertThrows(IllegalArgumentException.class, () -> w.append(6, new byte[] {0, 0}));
            w.append(5, new byte[] {0, 0});
            assertThrows(IllegalArgumentException.class, () -> w.append(5, new byte[] {0, 0}));
        }
    }

    @Test
    void rollSegment_startsASegmentAtTheNextLsn() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20)) {
            appendRange(w, 1, 10);
            w.rollSegment(11);
            appendRange(w, 11, 12);
        }
        assertEquals(List.of(1L, 11L), StoreFiles.walSegments(FS, dir));
        assertEquals(range(1, 12), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void rollSegment_bufferedRecords_areWrittenToTheOldSegment() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20)) {
            w.append(1, WalBatch.encodePayload(WalTestSupport.opsFor(1)));
            w.rollSegment(2);
            appendRange(w, 2, 3);
        }
        assertEquals(1, WalTestSupport.frameOffsets(segment(dir, 1)).size());
        assertEquals(range(1, 3), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void rollSegment_onAnEmptySegment_keepsIt() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 7, 1 << 20)) {
            w.rollSegment(7);
            assertEquals(List.of(7L), StoreFiles.walSegments(FS, dir));
            assertThrows(IllegalArgumentException.class, () -> w.rollSegment(8));
        }
    }

    @Test
    void open_existingSegments_countTowardsTotalBytes() throws IOException {
        WalTestSupport.writeLog(FS, dir, 50, 1024);
        long existing = 0;
        for (long first : StoreFiles.walSegments(FS, dir)) {
            existing += Files.size(segment(dir, first));
        }
        try (WalWriter w = WalWriter.open(FS, dir, 51, 1024)) {
            assertEquals(existing + WalFormat.HEADER_SIZE, w.totalBytes());
        }
    }

    @Test
    void open_emptyLeftoverOfTheSameName_isReplaced() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 4096)) {
            appendRange(w, 1, 3);
        }
        try (WalWriter w = WalWriter.open(FS, dir, 4, 4096)) {
            assertTrue(w.totalBytes() > WalFormat.HEADER_SIZE);
        }
        try (WalWriter w = WalWriter.open(FS, dir, 4, 4096)) {
            appendRange(w, 4, 5);
        }
        assertEquals(List.of(1L, 4L), StoreFiles.walSegments(FS, dir));
        assertEquals(range(1, 5), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void open_nonEmptySegmentAtNextLsn_throws() throws IOException {
        WalTestSupport.writeLog(FS, dir, 3, 4096);
        assertThrows(IllegalStateException.class, () -> WalWriter.open(FS, dir, 1, 4096));
        assertEquals(range(1, 3), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void deleteSegmentsUpTo_keepsEverySegmentWithRecordsAfterLsn() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20)) {
            appendRange(w, 1, 10);
            w.rollSegment(11);
            appendRange(w, 11, 20);
            w.rollSegment(21);
            appendRange(w, 21, 25);
            long before = w.totalBytes();
            long first = Files.size(segment(dir, 1));

            w.deleteSegmentsUpTo(9); // wal-1 holds 10
            assertEquals(List.of(1L, 11L, 21L), StoreFiles.walSegments(FS, dir));

            w.deleteSegmentsUpTo(15); // wal-1 is wholly <= 15, wal-11 is not
            assertEquals(List.of(11L, 21L), StoreFiles.walSegments(FS, dir));
            assertEquals(before - first, w.totalBytes());

            w.deleteSegmentsUpTo(20);
            assertEquals(List.of(21L), StoreFiles.walSegments(FS, dir));

            w.deleteSegmentsUpTo(1000); // never the current one
            assertEquals(List.of(21L), StoreFiles.walSegments(FS, dir));
            assertEquals(logicalSize(segment(dir, 21)), w.totalBytes());
            appendRange(w, 26, 27);
        }
        assertEquals(range(21, 27), recover(FS, dir, 20, false, false).lsns());
    }

    @Test
    void deleteSegmentsUpTo_segmentsFoundAtOpen_areDeletedToo() throws IOException {
        WalTestSupport.writeLog(FS, dir, 40, 512);
        try (WalWriter w = WalWriter.open(FS, dir, 41, 512)) {
            w.deleteSegmentsUpTo(40);
            assertEquals(List.of(41L), StoreFiles.walSegments(FS, dir));
            assertEquals(WalFormat.HEADER_SIZE, w.totalBytes());
        }
    }

    @Test
    void write_diskFull_throwsAndLeavesTheWriterFailed() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(1);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, 0);
        appendRange(w, 1, 3);
        fs.failWritesAfter(10);
        w.append(4, WalBatch.encodePayload(WalTestSupport.opsFor(4)));
        IOException e = assertThrows(IOException.class, w::write);
        assertEquals("No space left on device", e.getMessage());
        fs.clearFaults();
        assertThrows(IOException.class, w::write);
        assertThrows(IOException.class, w::sync);
        assertThrows(IllegalStateException.class, () -> w.append(5, new byte[] {0, 0}));
        w.close();
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 3), r.lsns());
        assertEquals(10, r.result().truncatedBytes());
    }

    @Test
    void sync_failedForce_throwsAndLeavesTheWriterFailed() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(2);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20);
        w.append(1, WalBatch.encodePayload(WalTestSupport.opsFor(1)));
        w.write();
        fs.failForces(1);
        assertThrows(IOException.class, w::sync);
        assertThrows(IOException.class, w::sync); // no retry that would "succeed"
        w.close();
    }

    @Test
    void sync_thenPowerLoss_keepsEverySyncedRecord() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(3);
        WalWriter w = WalWriter.open(fs, dir, 1, 300);
        appendRange(w, 1, 40); // several segments, each record synced
        w.append(41, WalBatch.encodePayload(WalTestSupport.opsFor(41)));
        w.write(); // not synced
        fs.crash();
        assertEquals(range(1, 40), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void rollSegment_thenPowerLoss_keepsTheNewSegment() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(4);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20);
        w.append(1, WalBatch.encodePayload(WalTestSupport.opsFor(1)));
        w.write(); // not synced: rolling must force it
        w.rollSegment(2);
        fs.crash();
        assertEquals(List.of(1L, 2L), StoreFiles.walSegments(FS, dir));
        assertEquals(range(1, 1), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void close_bufferedRecords_areWrittenAndForced() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(5);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20);
        w.append(1, WalBatch.encodePayload(WalTestSupport.opsFor(1)));
        w.append(2, WalBatch.encodePayload(WalTestSupport.opsFor(2)));
        w.close();
        w.close();
        fs.crash();
        assertEquals(range(1, 2), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void open_thenPowerLoss_keepsTheNewSegment() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(6);
        WalWriter.open(fs, dir, 1, 4096);
        fs.crash();
        assertArrayEquals(WalFormat.header(1), Files.readAllBytes(segment(dir, 1)));
    }

    // ---------------------------------------------------------------- preallocation

    private static final long CHUNK = 64 << 10;

    /** End of the last frame of a segment that may carry a zero tail (frames are parsed until a zero length). */
    private static long logicalSize(Path segment) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        int pos = WalFormat.HEADER_SIZE;
        while (pos + WalFormat.FRAME_PREFIX <= b.length) {
            int len = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
            if (len == 0) {
                break;
            }
            pos += WalFormat.FRAME_PREFIX + len;
        }
        return pos;
    }

    private static void assertZeros(Path file, long from) throws IOException {
        byte[] b = Files.readAllBytes(file);
        for (int i = (int) from; i < b.length; i++) {
            if (b[i] != 0) {
                throw new AssertionError(file + ": byte " + i + " is " + b[i] + ", not a preallocated zero");
            }
        }
    }

    @Test
    void write_pastTheAllocatedEnd_preallocatesAChunkOfZerosAfterTheRecords() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20, CHUNK)) {
            appendRange(w, 1, 3);
            long logical = logicalSize(segment(dir, 1));
            long size = Files.size(segment(dir, 1));
            assertTrue(size >= logical + CHUNK - 4096 && size <= logical + CHUNK + 4096, "size " + size);
            assertEquals(0, size % 4096, "chunks end on a block boundary");
            assertZeros(segment(dir, 1), logical);
            appendRange(w, 4, 6); // fits in the chunk: overwrites zeros, the file does not grow
            assertEquals(size, Files.size(segment(dir, 1)));
            assertZeros(segment(dir, 1), logicalSize(segment(dir, 1)));
        }
    }

    @Test
    void write_largeGroupPastTheAllocatedEnd_appendsWithoutZerosUntilASmallGroupComes() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20, CHUNK)) {
            long lsn = 1;
            for (long buffered = 0; buffered < CHUNK / 8 + 1024; lsn++) { // one group larger than CHUNK / 8
                byte[] payload = WalBatch.encodePayload(WalTestSupport.opsFor(lsn));
                w.append(lsn, payload);
                buffered += payload.length + 17;
            }
            w.write();
            w.sync();
            assertEquals(logicalSize(segment(dir, 1)), Files.size(segment(dir, 1)), "no zeros after a large group");
            appendRange(w, lsn, lsn); // a small group past the end preallocates again
            long logical = logicalSize(segment(dir, 1));
            assertTrue(Files.size(segment(dir, 1)) > logical);
            assertZeros(segment(dir, 1), logical);
        }
        assertEquals(range(1, 1), recover(FS, dir, 0, false, false).lsns().subList(0, 1));
    }

    @Test
    void totalBytes_withAPreallocatedTail_countsOnlyTheFrames() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20, CHUNK)) {
            assertEquals(WalFormat.HEADER_SIZE, w.totalBytes());
            appendRange(w, 1, 5);
            long logical = logicalSize(segment(dir, 1));
            assertTrue(Files.size(segment(dir, 1)) > logical);
            assertEquals(logical, w.totalBytes());
            w.rollSegment(6);
            appendRange(w, 6, 7);
            assertEquals(logical + logicalSize(segment(dir, 6)), w.totalBytes());
        }
    }

    @Test
    void close_preallocatedTail_isTruncatedToTheLastFrame() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20, CHUNK)) {
            appendRange(w, 1, 4);
            assertTrue(Files.size(segment(dir, 1)) > logicalSize(segment(dir, 1)));
        }
        long last = frameOffsets(segment(dir, 1)).get(3);
        assertEquals(logicalSize(segment(dir, 1)), Files.size(segment(dir, 1)));
        assertTrue(Files.size(segment(dir, 1)) > last);
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 4), r.lsns());
        assertEquals(0, r.result().truncatedBytes());
    }

    @Test
    void rollSegment_preallocatedTail_isTruncatedAndForcedBeforeTheSuccessorExists() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(7);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        appendRange(w, 1, 3);
        w.append(4, WalBatch.encodePayload(WalTestSupport.opsFor(4)));
        w.write(); // not synced: the roll must force it
        w.rollSegment(5);
        long closedSize = Files.size(segment(dir, 1));
        assertEquals(logicalSize(segment(dir, 1)), closedSize);
        appendRange(w, 5, 6);
        fs.crash(); // the truncation and record 4 were forced with the roll, the new segment's tail remains
        assertEquals(closedSize, Files.size(segment(dir, 1)));
        assertTrue(Files.size(segment(dir, 5)) > logicalSize(segment(dir, 5)));
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 6), r.lsns());
    }

    @Test
    void write_segmentsFillUp_everyClosedSegmentEndsAtItsLastFrame() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 4096, 1 << 20)) {
            appendRange(w, 1, 200);
            List<Long> segments = StoreFiles.walSegments(FS, dir);
            assertTrue(segments.size() > 3, "segments: " + segments);
            long current = segments.get(segments.size() - 1);
            assertTrue(Files.size(segment(dir, current)) <= 4096, "preallocation stops at the segment size");
            for (long first : segments.subList(0, segments.size() - 1)) {
                assertEquals(logicalSize(segment(dir, first)), Files.size(segment(dir, first)), "segment " + first);
            }
        }
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 200), r.lsns());
        assertEquals(0, r.result().truncatedBytes());
    }

    @Test
    void write_groupLargerThanTheSegment_getsNoZeros() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 200, CHUNK)) {
            for (long lsn = 1; lsn <= 20; lsn++) {
                w.append(lsn, WalBatch.encodePayload(WalTestSupport.opsFor(lsn)));
            }
            w.write();
            w.sync();
            assertEquals(logicalSize(segment(dir, 1)), Files.size(segment(dir, 1)));
        }
    }

    @Test
    void open_afterAKillWithAPreallocatedTail_recoversEveryWrittenRecordAndPreallocatesAgain() throws IOException {
        WalWriter killed = WalWriter.open(FS, dir, 1, 1 << 20, CHUNK);
        appendRange(killed, 1, 5);
        killed.append(6, WalBatch.encodePayload(WalTestSupport.opsFor(6)));
        killed.write(); // in the page cache, which a killed process leaves behind
        long logical = logicalSize(segment(dir, 1));
        long tail = Files.size(segment(dir, 1)) - logical;
        assertTrue(tail > 0);
        // the process "dies" here: killed is never closed

        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 6), r.lsns());
        assertEquals(tail, r.result().truncatedBytes());
        assertEquals(logical, Files.size(segment(dir, 1)));
        try (WalWriter w = WalWriter.open(FS, dir, 7, 1 << 20, CHUNK)) {
            assertEquals(logical + WalFormat.HEADER_SIZE, w.totalBytes());
            appendRange(w, 7, 9);
            assertTrue(Files.size(segment(dir, 7)) > logicalSize(segment(dir, 7)), "preallocates again");
        }
        assertEquals(range(1, 9), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void sync_thenPowerLossWithAPreallocatedTail_keepsEverySyncedRecordWhateverHappensToTheRest() throws IOException {
        for (FaultyFileLayer.CrashMode mode : FaultyFileLayer.CrashMode.values()) {
            Path d = Files.createDirectory(dir.resolve(mode.name()));
            FaultyFileLayer fs = new FaultyFileLayer(8 + mode.ordinal());
            WalWriter w = WalWriter.open(fs, d, 1, 1 << 20, CHUNK);
            appendRange(w, 1, 30);
            w.append(31, WalBatch.encodePayload(WalTestSupport.opsFor(31)));
            w.write(); // not synced
            long allocated = Files.size(segment(d, 1));
            fs.crash(mode);
            assertEquals(allocated, Files.size(segment(d, 1)), mode + ": the forced zeros stay allocated");
            WalTestSupport.Recovered r = recover(FS, d, 0, false, false);
            List<Long> lsns = r.lsns();
            assertTrue(lsns.equals(range(1, 30)) || lsns.equals(range(1, 31)), mode + ": " + lsns);
            if (mode == FaultyFileLayer.CrashMode.DROP) {
                assertEquals(range(1, 30), lsns);
            }
            try (WalWriter again = WalWriter.open(FS, d, lsns.size() + 1, 1 << 20, CHUNK)) {
                appendRange(again, lsns.size() + 1, lsns.size() + 3);
            }
            assertEquals(range(1, lsns.size() + 3), recover(FS, d, 0, false, false).lsns(), mode.name());
        }
    }

    @Test
    void sync_failedForceWithAPreallocatedTail_truncatesToTheLastForcedFrame() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(11);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        appendRange(w, 1, 3);
        long forced = logicalSize(segment(dir, 1));
        w.append(4, WalBatch.encodePayload(WalTestSupport.opsFor(4)));
        w.write();
        fs.failForces(1);
        assertThrows(IOException.class, w::sync);
        // cut back, zeros included: a reopen in this boot cannot read record 4
        assertEquals(forced, Files.size(segment(dir, 1)));
        assertEquals(forced, w.totalBytes());
        w.close();
        assertEquals(forced, Files.size(segment(dir, 1)));
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 3), r.lsns());
        assertEquals(0, r.result().truncatedBytes());
        fs.crash();
        assertEquals(range(1, 3), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void open_afterACloseWhoseTailCutWasNotForced_successorFollowsADurableSize() throws IOException {
        // close() cuts the preallocated zeros best-effort; if that force fails, a reopen in the same boot used to
        // build a successor on a size the disk may not have, and a power loss brought the zeros back into a
        // segment that is no longer the last one: damage (PowerLossTest, round 69 of the default seed)
        FaultyFileLayer fs = new FaultyFileLayer(14);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        appendRange(w, 1, 3);
        w.sync();
        fs.failForces(1);
        w.close();
        WalTestSupport.Recovered before = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 3), before.lsns());
        WalWriter again = WalWriter.open(fs, dir, 4, 1 << 20, CHUNK);
        appendRange(again, 4, 5);
        again.sync();
        again.close();
        fs.crash();
        assertEquals(range(1, 5), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void sync_failedForceOfTheFirstChunk_leavesOnlyTheHeader() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(12);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        w.append(1, WalBatch.encodePayload(WalTestSupport.opsFor(1)));
        w.write(); // the records and the first chunk of zeros
        fs.failForces(1);
        assertThrows(IOException.class, w::sync);
        assertEquals(WalFormat.HEADER_SIZE, Files.size(segment(dir, 1)));
        w.close();
        fs.crash();
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertTrue(r.lsns().isEmpty());
        assertEquals(0, r.result().lastLsn());
    }

    @Test
    void rollSegment_failedForceOfTheTruncation_failsTheWriterAndKeepsTheForcedRecords() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(13);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        appendRange(w, 1, 3);
        fs.failForces(1);
        assertThrows(IOException.class, () -> w.rollSegment(4));
        assertThrows(IOException.class, w::sync);
        assertEquals(List.of(1L), StoreFiles.walSegments(FS, dir));
        w.close();
        fs.crash();
        assertEquals(range(1, 3), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void rollSegment_failedForceWithUnforcedRecords_cutsBackToTheForcedFramesAndCreatesNoSuccessor()
            throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(15);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        appendRange(w, 1, 3);
        long forced = logicalSize(segment(dir, 1));
        w.append(4, WalBatch.encodePayload(WalTestSupport.opsFor(4)));
        w.write(); // handed to the OS, not forced (as under INTERVAL/NONE)
        fs.failForces(1);
        assertThrows(IOException.class, () -> w.rollSegment(5));
        // a reopen in this boot must not read record 4 and build a successor on it (an LSN gap at power loss)
        assertEquals(forced, Files.size(segment(dir, 1)));
        assertEquals(List.of(1L), StoreFiles.walSegments(FS, dir));
        w.close();
        assertEquals(range(1, 3), recover(FS, dir, 0, false, false).lsns());
        fs.crash();
        assertEquals(range(1, 3), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void close_failedForceOfTheTailTruncation_closesWithoutErrorAndLosesNothing() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(14);
        WalWriter w = WalWriter.open(fs, dir, 1, 1 << 20, CHUNK);
        appendRange(w, 1, 3);
        fs.failForces(1); // only the cut of the zeros is left to force: every record is durable
        w.close();
        fs.crash();
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 3), r.lsns());
    }
}
