package io.kvstore.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
    private static final FileLayer FS = FileLayer.DEFAULT;

    @TempDir
    Path dir;

    private static List<byte[]> load(FileLayer fs, Path dir, long expectedLsn) throws IOException {
        List<byte[]> got = new ArrayList<>();
        assertEquals(expectedLsn, SnapshotReader.load(fs, dir, false, false, got::add));
        return got;
    }

    private static void assertRecordsEqual(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
        }
    }

    @Test
    void writeThenLoad_manyRecordsAndLargeOnes_roundTrips() throws IOException {
        List<byte[]> records = SnapshotTestSupport.records(3000);
        Path file = SnapshotWriter.write(FS, dir, 1234, records.iterator());
        assertEquals(dir.resolve("snapshot-00000000000004d2.snap"), file);
        assertRecordsEqual(records, load(FS, dir, 1234));
    }

    @Test
    void write_blocks_areAbout64KiBAndLargeRecordsGetTheirOwn() throws IOException {
        List<byte[]> records = SnapshotTestSupport.records(3000);
        Path file = SnapshotWriter.write(FS, dir, 1, records.iterator());
        byte[] b = Files.readAllBytes(file);
        List<Long> blocks = SnapshotTestSupport.blockOffsets(file);
        assertTrue(blocks.size() > 10);
        for (long block : blocks) {
            long length = LittleEndian.getU32(b, (int) block);
            int firstRecord = (int) io.kvstore.engine.io.Varints.read(b, (int) block + 8, b.length);
            boolean single = firstRecord + io.kvstore.engine.io.Varints.size(firstRecord) == length;
            assertTrue(length <= SnapshotFormat.BLOCK_TARGET || single, "block at " + block + ": " + length);
        }
    }

    @Test
    void writeThenLoad_noRecords_roundTrips() throws IOException {
        Path file = SnapshotWriter.write(FS, dir, 7, List.<byte[]>of().iterator());
        assertEquals(SnapshotFormat.HEADER_SIZE + SnapshotFormat.FOOTER_SIZE, Files.size(file));
        assertTrue(load(FS, dir, 7).isEmpty());
    }

    @Test
    void write_existingSnapshotOfTheSameLsn_isReplaced() throws IOException {
        SnapshotWriter.write(FS, dir, 5, SnapshotTestSupport.records(10).iterator());
        List<byte[]> second = SnapshotTestSupport.records(3);
        SnapshotWriter.write(FS, dir, 5, second.iterator());
        assertRecordsEqual(second, load(FS, dir, 5));
        assertEquals(List.of(StoreFiles.snapshot(5)), FS.list(dir));
    }

    @Test
    void write_diskFull_throwsAndLeavesNoFile() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(1).failWritesAfter(100_000);
        assertThrows(IOException.class, () -> SnapshotWriter.write(fs, dir, 9, SnapshotTestSupport.records(3000).iterator()));
        assertEquals(List.of(), FS.list(dir));
    }

    @Test
    void write_iteratorFails_throwsAndLeavesNoFile() {
        Iterator<byte[]> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (n++ == 100) {
                    throw new IllegalStateException("table went away");
                }
                return SnapshotTestSupport.records(1).get(0);
            }
        };
        assertThrows(IllegalStateException.class, () -> SnapshotWriter.write(FS, dir, 9, failing));
        assertFalse(Files.exists(dir.resolve(StoreFiles.snapshot(9))));
        assertFalse(Files.exists(dir.resolve(StoreFiles.temp(StoreFiles.snapshot(9)))));
    }

    @Test
    void write_thenPowerLoss_snapshotIsDurable() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(2);
        List<byte[]> records = SnapshotTestSupport.records(500);
        SnapshotWriter.write(fs, dir, 3, records.iterator());
        fs.crash(FaultyFileLayer.CrashMode.TEAR);
        assertRecordsEqual(records, load(FS, dir, 3));
    }

    @Test
    void write_powerLossBeforeTheRenameIsSynced_leavesThePreviousSnapshot() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(3);
        List<byte[]> old = SnapshotTestSupport.records(5);
        SnapshotWriter.write(fs, dir, 3, old.iterator());
        fs.failDirectorySyncs(1);
        assertThrows(IOException.class, () -> SnapshotWriter.write(fs, dir, 8, SnapshotTestSupport.records(50).iterator()));
        fs.crash();
        assertRecordsEqual(old, load(FS, dir, 3));
    }
}
