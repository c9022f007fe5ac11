package io.kvstore.engine.wal;

import static io.kvstore.engine.wal.WalTestSupport.frameOffsets;
import static io.kvstore.engine.wal.WalTestSupport.range;
import static io.kvstore.engine.wal.WalTestSupport.recover;
import static io.kvstore.engine.wal.WalTestSupport.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRecoveryTest {
    /** No injected faults; it only skips the real fsyncs, which would make the exhaustive tests slow. */
    private static final FileLayer FS = new FaultyFileLayer(0);

    @TempDir
    Path dir;

    private static void flipBit(Path file, long offset, int bit) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= (byte) (1 << bit);
        Files.write(file, b);
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static void truncate(Path file, long size) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, (int) size));
    }

    /** A directory holding a log of records 1..n in one segment. */
    private Path oneSegmentLog(String name, long n) throws IOException {
        Path d = Files.createDirectory(dir.resolve(name));
        WalTestSupport.writeLog(FS, d, n, 1 << 20);
        return d;
    }

    @Test
    void recover_noSegmentsAndNoSnapshot_returnsAnEmptyLog() throws IOException {
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(0, r.result().lastLsn());
        assertEquals(0, r.result().walBytes());
        assertTrue(r.lsns().isEmpty());
    }

    @Test
    void recover_noSegmentsAfterASnapshot_reportsTheMissingLog() {
        // the writer always creates the segment after a snapshot's LSN before writing the snapshot
        io.kvstore.engine.KvCorruptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.kvstore.engine.KvCorruptionException.class, () -> recover(FS, dir, 17, false, false));
        assertTrue(e.getMessage().contains("missing log"), e.getMessage());
    }

    @Test
    void recover_noSegmentsAfterASnapshotWithSalvage_returnsAfterLsn() throws IOException {
        WalTestSupport.Recovered r = recover(FS, dir, 17, false, true);
        assertEquals(17, r.result().lastLsn());
        assertEquals(0, r.result().walBytes());
        assertTrue(r.result().salvaged());
        assertTrue(r.lsns().isEmpty());
    }

    @Test
    void recover_tornTailAtEveryOffsetOfTheLastRecords_keepsTheWholeRecordsBefore() throws IOException {
        Path pristine = oneSegmentLog("pristine", 12);
        byte[] original = Files.readAllBytes(segment(pristine, 1));
        List<Long> frames = frameOffsets(segment(pristine, 1));
        long from = frames.get(frames.size() - 3);
        for (long cut = from; cut < original.length; cut++) {
            Path d = Files.createDirectory(dir.resolve("cut-" + cut));
            Path seg = segment(d, 1);
            Files.write(seg, Arrays.copyOf(original, (int) cut));
            int whole = 0;
            while (whole < frames.size() && (whole + 1 == frames.size() ? original.length : frames.get(whole + 1)) <= cut) {
                whole++;
            }
            long wholeEnd = whole == frames.size() ? original.length : frames.get(whole);

            WalTestSupport.Recovered r = recover(FS, d, 0, false, false);
            assertEquals(range(1, whole), r.lsns(), "cut at " + cut);
            assertEquals(whole, r.result().lastLsn(), "cut at " + cut);
            assertEquals(cut - wholeEnd, r.result().truncatedBytes(), "cut at " + cut);
            assertEquals(wholeEnd, Files.size(seg), "cut at " + cut);
            assertEquals(wholeEnd, r.result().walBytes(), "cut at " + cut);

            try (WalWriter w = WalWriter.open(FS, d, whole + 1, 1 << 20)) {
                WalTestSupport.appendRange(w, whole + 1, whole + 2);
            }
            WalTestSupport.Recovered again = recover(FS, d, 0, false, false);
            assertEquals(range(1, whole + 2), again.lsns(), "reopened after cut at " + cut);
            assertEquals(0, again.result().truncatedBytes());
        }
    }

    @Test
    void recover_zeroFilledTail_truncatesSilently() throws IOException {
        WalTestSupport.writeLog(FS, dir, 10, 1 << 20);
        long size = Files.size(segment(dir, 1));
        append(segment(dir, 1), new byte[4096]);
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 10), r.lsns());
        assertEquals(4096, r.result().truncatedBytes());
        assertEquals(size, Files.size(segment(dir, 1)));
    }

    @Test
    void recover_megabytesOfZerosAfterTheLastFrame_truncatesThemAndTheWriterGoesOn() throws IOException {
        WalTestSupport.writeLog(FS, dir, 10, 1 << 20);
        long size = Files.size(segment(dir, 1));
        append(segment(dir, 1), new byte[(4 << 20) + 5]); // a preallocated tail left by a killed writer
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 10), r.lsns());
        assertEquals((4 << 20) + 5, r.result().truncatedBytes());
        assertEquals(size, Files.size(segment(dir, 1)));
        try (WalWriter w = WalWriter.open(FS, dir, 11, 1 << 20)) {
            WalTestSupport.appendRange(w, 11, 12);
        }
        assertEquals(range(1, 12), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void recover_zeroRunThenValidRecords_throwsNamingTheStartOfTheZeros() throws IOException {
        Path pristine = oneSegmentLog("pristine", 12);
        byte[] original = Files.readAllBytes(segment(pristine, 1));
        long tenth = frameOffsets(segment(pristine, 1)).get(10); // end of record 10
        for (int zeros : new int[] {1, 3, 4, 5, 17, 65_536 + 7, (2 << 20) + 1}) {
            Path d = Files.createDirectory(dir.resolve("zeros-" + zeros));
            byte[] b = new byte[original.length + zeros];
            System.arraycopy(original, 0, b, 0, (int) tenth);
            System.arraycopy(original, (int) tenth, b, (int) tenth + zeros, original.length - (int) tenth);
            Files.write(segment(d, 1), b);
            KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, d, 0, false, false),
                    zeros + " zeros");
            assertEquals(tenth, e.offset(), zeros + " zeros");
            assertTrue(e.getMessage().contains("valid record follows at offset " + (tenth + zeros)),
                    zeros + " zeros: " + e.getMessage());
        }
    }

    @Test
    void recover_randomGarbageTail_truncatesSilently() throws IOException {
        WalTestSupport.writeLog(FS, dir, 10, 1 << 20);
        byte[] garbage = new byte[100_000];
        new Random(7).nextBytes(garbage);
        append(segment(dir, 1), garbage);
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 10), r.lsns());
        assertEquals(garbage.length, r.result().truncatedBytes());
    }

    @Test
    void recover_readOnlyWithTornTail_reportsButLeavesTheFile() throws IOException {
        WalTestSupport.writeLog(FS, dir, 5, 1 << 20);
        append(segment(dir, 1), new byte[] {9, 0, 0, 0, 1, 2});
        long size = Files.size(segment(dir, 1));
        WalTestSupport.Recovered r = recover(FS, dir, 0, true, false);
        assertEquals(range(1, 5), r.lsns());
        assertEquals(6, r.result().truncatedBytes());
        assertEquals(size, Files.size(segment(dir, 1)));
    }

    @Test
    void recover_bitFlipFollowedByValidRecords_throwsNamingFileAndOffset() throws IOException {
        Path pristine = oneSegmentLog("pristine", 10);
        List<Long> frames = frameOffsets(segment(pristine, 1));
        long damaged = frames.get(4); // record 5
        long[] positions = {0, 3, 5, 8, 9, 16, 17, 20}; // length, CRC, type, LSN, payload
        for (long at : positions) {
            Path d = Files.createDirectory(dir.resolve("flip-" + at));
            Files.copy(segment(pristine, 1), segment(d, 1));
            flipBit(segment(d, 1), damaged + at, 2);
            KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, d, 0, false, false),
                    "flip at +" + at);
            assertEquals(segment(d, 1), e.file());
            assertEquals(damaged, e.offset(), "flip at +" + at + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(segment(d, 1).toString()));
        }
    }

    @Test
    void recover_bitFlipInTheLastRecord_isATornTail() throws IOException {
        WalTestSupport.writeLog(FS, dir, 10, 1 << 20);
        List<Long> frames = frameOffsets(segment(dir, 1));
        flipBit(segment(dir, 1), frames.get(9) + 20, 0);
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 9), r.lsns());
    }

    @Test
    void recover_salvageAfterBitFlip_keepsThePrefixAndADamagedCopy() throws IOException {
        WalTestSupport.writeLog(FS, dir, 10, 1 << 20);
        Path seg = segment(dir, 1);
        long damaged = frameOffsets(seg).get(4);
        flipBit(seg, damaged + 20, 1);
        byte[] damagedBytes = Files.readAllBytes(seg);

        WalTestSupport.Recovered r = recover(FS, dir, 0, false, true);
        assertEquals(range(1, 4), r.lsns());
        assertEquals(4, r.result().lastLsn());
        assertTrue(r.result().salvaged());
        assertEquals(damaged, Files.size(seg));
        Path aside = dir.resolve(StoreFiles.walSegment(1) + ".damaged");
        assertArrayEquals(damagedBytes, Files.readAllBytes(aside));

        try (WalWriter w = WalWriter.open(FS, dir, 5, 1 << 20)) {
            WalTestSupport.appendRange(w, 5, 6);
        }
        WalTestSupport.Recovered again = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 6), again.lsns());
        assertFalse(again.result().salvaged());
    }

    @Test
    void recover_salvageInAnEarlierSegment_movesTheLaterSegmentsAside() throws IOException {
        WalTestSupport.writeLog(FS, dir, 60, 512);
        List<Long> segments = StoreFiles.walSegments(FS, dir);
        assertTrue(segments.size() >= 3);
        long second = segments.get(1);
        long damaged = frameOffsets(segment(dir, second)).get(1);
        flipBit(segment(dir, second), damaged + 18, 3);

        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 0, false, false));
        assertEquals(segment(dir, second), e.file());
        assertEquals(damaged, e.offset());

        WalTestSupport.Recovered r = recover(FS, dir, 0, false, true);
        assertEquals(range(1, second), r.lsns());
        assertEquals(List.of(segments.get(0), second), StoreFiles.walSegments(FS, dir));
        for (int i = 1; i < segments.size(); i++) {
            assertTrue(Files.exists(dir.resolve(StoreFiles.walSegment(segments.get(i)) + ".damaged")), "aside " + i);
        }
        assertEquals(range(1, second), recover(FS, dir, 0, false, false).lsns());
    }

    @Test
    void recover_readOnlySalvage_keepsThePrefixAndChangesNothing() throws IOException {
        WalTestSupport.writeLog(FS, dir, 10, 1 << 20);
        Path seg = segment(dir, 1);
        flipBit(seg, frameOffsets(seg).get(2) + 20, 1);
        byte[] before = Files.readAllBytes(seg);
        WalTestSupport.Recovered r = recover(FS, dir, 0, true, true);
        assertEquals(range(1, 2), r.lsns());
        assertTrue(r.result().salvaged());
        assertArrayEquals(before, Files.readAllBytes(seg));
        assertEquals(List.of(StoreFiles.walSegment(1)), FS.list(dir));
    }

    @Test
    void recover_lsnGapBetweenSegments_throwsNamingTheLaterSegment() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20)) {
            WalTestSupport.appendRange(w, 1, 5);
        }
        try (WalWriter w = WalWriter.open(FS, dir, 9, 1 << 20)) {
            WalTestSupport.appendRange(w, 9, 10);
        }
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 0, false, false));
        assertEquals(segment(dir, 9), e.file());
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("gap"), e.getMessage());

        WalTestSupport.Recovered r = recover(FS, dir, 0, false, true);
        assertEquals(range(1, 5), r.lsns());
        assertTrue(r.result().salvaged());
        assertEquals(List.of(1L), StoreFiles.walSegments(FS, dir));
        assertTrue(Files.exists(dir.resolve(StoreFiles.walSegment(9) + ".damaged")));
    }

    @Test
    void recover_logStartingAfterTheSnapshot_throwsAGap() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 6, 1 << 20)) {
            WalTestSupport.appendRange(w, 6, 8);
        }
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 3, false, false));
        assertEquals(segment(dir, 6), e.file());
        assertEquals(range(6, 8), recover(FS, dir, 5, false, false).lsns());
    }

    @Test
    void recover_segmentsCoveredBySnapshot_areSkippedUnreadAndAStraddlingOneIsReadInPart() throws IOException {
        try (WalWriter w = WalWriter.open(FS, dir, 1, 1 << 20)) {
            WalTestSupport.appendRange(w, 1, 10);
            w.rollSegment(11);
            WalTestSupport.appendRange(w, 11, 20);
            w.rollSegment(21);
            WalTestSupport.appendRange(w, 21, 25);
        }
        // Wreck the segment wholly below the snapshot: it must not even be read.
        Files.write(segment(dir, 1), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
        WalTestSupport.Recovered r = recover(FS, dir, 15, false, false);
        assertEquals(range(16, 25), r.lsns());
        assertEquals(25, r.result().lastLsn());
        assertEquals(range(21, 25), recover(FS, dir, 20, false, false).lsns());
        assertEquals(30, recover(FS, dir, 30, false, false).result().lastLsn()); // the snapshot is ahead of the log
    }

    @Test
    void recover_lastSegmentShorterThanItsHeader_isDeleted() throws IOException {
        WalTestSupport.writeLog(FS, dir, 5, 1 << 20);
        Files.write(segment(dir, 6), new byte[] {'K', 'V', 'W'});
        WalTestSupport.Recovered r = recover(FS, dir, 0, false, false);
        assertEquals(range(1, 5), r.lsns());
        assertEquals(3, r.result().truncatedBytes());
        assertFalse(Files.exists(segment(dir, 6)));
    }

    @Test
    void recover_lastSegmentOfZeros_isDeletedUnlessReadOnly() throws IOException {
        WalTestSupport.writeLog(FS, dir, 5, 1 << 20);
        Files.write(segment(dir, 6), new byte[4096]);
        assertEquals(range(1, 5), recover(FS, dir, 0, true, false).lsns());
        assertTrue(Files.exists(segment(dir, 6)));
        assertEquals(range(1, 5), recover(FS, dir, 0, false, false).lsns());
        assertFalse(Files.exists(segment(dir, 6)));
    }

    @Test
    void recover_unknownVersion_throwsNamingTheVersion() throws IOException {
        WalTestSupport.writeLog(FS, dir, 3, 1 << 20);
        byte[] b = Files.readAllBytes(segment(dir, 1));
        LittleEndian.putU16(b, WalFormat.VERSION_OFFSET, 4);
        Files.write(segment(dir, 1), b);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 0, false, false));
        assertEquals(WalFormat.VERSION_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("version 4"), e.getMessage());
    }

    @Test
    void recover_badMagic_throwsAtOffsetZero() throws IOException {
        WalTestSupport.writeLog(FS, dir, 3, 1 << 20);
        flipBit(segment(dir, 1), 1, 0);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 0, false, false));
        assertEquals(0, e.offset());
    }

    @Test
    void recover_headerLsnDifferentFromName_throws() throws IOException {
        WalTestSupport.writeLog(FS, dir, 3, 1 << 20);
        Files.move(segment(dir, 1), segment(dir, 2));
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 1, false, false));
        assertEquals(WalFormat.FIRST_LSN_OFFSET, e.offset());
    }

    @Test
    void recover_tornTailInANonLastSegment_throws() throws IOException {
        WalTestSupport.writeLog(FS, dir, 40, 512);
        List<Long> segments = StoreFiles.walSegments(FS, dir);
        Path first = segment(dir, segments.get(0));
        long size = Files.size(first);
        truncate(first, size - 3);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 0, false, false));
        assertEquals(first, e.file());
        assertEquals(lastFrameStart(first), e.offset());
    }

    private static long lastFrameStart(Path segment) throws IOException {
        // the file is cut inside its last frame; find that frame's start by walking the intact frames before it
        byte[] b = Files.readAllBytes(segment);
        long pos = WalFormat.HEADER_SIZE;
        while (true) {
            long next = pos + WalFormat.FRAME_PREFIX + LittleEndian.getU32(b, (int) pos);
            if (next > b.length) {
                return pos;
            }
            pos = next;
        }
    }

    @Test
    void recover_validChecksumButWrongLsnAtTheTail_throws() throws IOException {
        WalTestSupport.writeLog(FS, dir, 3, 1 << 20);
        long end = Files.size(segment(dir, 1));
        try (WalWriter w = WalWriter.open(FS, dir, 4, 1 << 20)) {
            WalTestSupport.appendRange(w, 4, 4);
        }
        // Append the frame of record 4 to segment 1 a second time: a duplicate LSN, not a torn write.
        byte[] seg4 = Files.readAllBytes(segment(dir, 4));
        append(segment(dir, 1), Arrays.copyOfRange(seg4, WalFormat.HEADER_SIZE, seg4.length));
        Files.delete(segment(dir, 4));
        append(segment(dir, 1), Arrays.copyOfRange(seg4, WalFormat.HEADER_SIZE, seg4.length));
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> recover(FS, dir, 0, false, false));
        assertEquals(end + seg4.length - WalFormat.HEADER_SIZE, e.offset());
        assertTrue(e.getMessage().contains("LSN 4"), e.getMessage());
    }

    @Test
    void recover_powerLossWithDroppedOrTornWrites_neverLosesASyncedRecord() throws IOException {
        for (long seed = 0; seed < 60; seed++) {
            Path d = Files.createDirectory(dir.resolve("run-" + seed));
            FaultyFileLayer fs = new FaultyFileLayer(seed);
            Random r = new Random(seed);
            long synced = 0;
            long lsn = 1;
            WalWriter w = WalWriter.open(fs, d, 1, 400);
            int groups = 5 + r.nextInt(30);
            for (int g = 0; g < groups; g++) {
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++, lsn++) {
                    w.append(lsn, WalBatch.encodePayload(WalTestSupport.opsFor(lsn)));
                }
                w.write();
                if (r.nextInt(3) > 0) {
                    w.sync();
                    synced = lsn - 1;
                }
            }
            fs.crash(seed % 2 == 0 ? FaultyFileLayer.CrashMode.DROP : FaultyFileLayer.CrashMode.TEAR);

            WalTestSupport.Recovered rec = recover(fs, d, 0, false, false);
            long last = rec.result().lastLsn();
            assertTrue(last >= synced && last < lsn, "seed " + seed + ": recovered " + last + ", synced " + synced);
            assertEquals(range(1, last), rec.lsns(), "seed " + seed);
            try (WalWriter again = WalWriter.open(fs, d, last + 1, 400)) {
                WalTestSupport.appendRange(again, last + 1, last + 3);
            }
            assertEquals(range(1, last + 3), recover(fs, d, 0, false, false).lsns(), "seed " + seed);
        }
    }
}
