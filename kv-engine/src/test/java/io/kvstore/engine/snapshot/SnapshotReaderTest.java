package io.kvstore.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotReaderTest {
    private static final FileLayer FS = FileLayer.DEFAULT;

    @TempDir
    Path dir;

    private List<byte[]> loaded;

    private long load(boolean salvage, boolean readOnly) throws IOException {
        loaded = new ArrayList<>();
        return SnapshotReader.load(FS, dir, salvage, readOnly, loaded::add);
    }

    private static void flipBit(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x10;
        Files.write(file, b);
    }

    private void assertLoadedPrefixOf(List<byte[]> records, int n) {
        assertEquals(n, loaded.size());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(records.get(i), loaded.get(i), "record " + i);
        }
    }

    @Test
    void load_noSnapshot_returnsZero() throws IOException {
        assertEquals(0, load(false, false));
        assertTrue(loaded.isEmpty());
    }

    @Test
    void load_severalSnapshots_usesTheNewest() throws IOException {
        SnapshotWriter.write(FS, dir, 5, SnapshotTestSupport.records(3).iterator());
        List<byte[]> newest = SnapshotTestSupport.records(7);
        SnapshotWriter.write(FS, dir, 9, newest.iterator());
        assertEquals(9, load(false, false));
        assertLoadedPrefixOf(newest, 7);
    }

    @Test
    void load_flippedBitInABlock_throwsNamingFileAndBlockOffset() throws IOException {
        Path file = SnapshotWriter.write(FS, dir, 4, SnapshotTestSupport.records(2000).iterator());
        List<Long> blocks = SnapshotTestSupport.blockOffsets(file);
        long block = blocks.get(3);
        for (long at : new long[] {block + 5, block + 100}) {
            Path d = Files.createDirectory(dir.resolve("d" + at));
            Path copy = d.resolve(file.getFileName());
            Files.copy(file, copy);
            flipBit(copy, at);
            KvCorruptionException e = assertThrows(KvCorruptionException.class,
                    () -> SnapshotReader.load(FS, d, false, false, r -> { }));
            assertEquals(copy, e.file());
            assertEquals(block, e.offset(), e.getMessage());
        }
    }

    @Test
    void load_flippedBitInABlockLengthField_throwsAtThatBlock() throws IOException {
        Path file = SnapshotWriter.write(FS, dir, 4, SnapshotTestSupport.records(2000).iterator());
        long block = SnapshotTestSupport.blockOffsets(file).get(2);
        flipBit(file, block + 1);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> load(false, false));
        assertEquals(block, e.offset());
    }

    @Test
    void load_salvageOfADamagedBlock_loadsTheBlocksBeforeAndRewritesTheSnapshot() throws IOException {
        List<byte[]> records = SnapshotTestSupport.records(2000);
        Path file = SnapshotWriter.write(FS, dir, 4, records.iterator());
        long block = SnapshotTestSupport.blockOffsets(file).get(3);
        int before = SnapshotTestSupport.recordsBefore(file, block);
        flipBit(file, block + 50);
        byte[] damaged = Files.readAllBytes(file);

        assertEquals(4, load(true, false));
        assertLoadedPrefixOf(records, before);
        Path aside = dir.resolve(StoreFiles.snapshot(4) + ".damaged");
        assertArrayEquals(damaged, Files.readAllBytes(aside));

        // the directory is consistent again: a plain load gives the salvaged records
        assertEquals(4, load(false, false));
        assertLoadedPrefixOf(records, before);
        assertEquals(block + SnapshotFormat.FOOTER_SIZE, Files.size(file));
    }

    @Test
    void load_readOnlySalvage_loadsThePrefixAndChangesNothing() throws IOException {
        List<byte[]> records = SnapshotTestSupport.records(2000);
        Path file = SnapshotWriter.write(FS, dir, 4, records.iterator());
        long block = SnapshotTestSupport.blockOffsets(file).get(1);
        flipBit(file, block + 50);
        byte[] damaged = Files.readAllBytes(file);
        assertEquals(4, load(true, true));
        assertLoadedPrefixOf(records, SnapshotTestSupport.recordsBefore(file, block));
        assertArrayEquals(damaged, Files.readAllBytes(file));
        assertEquals(List.of(StoreFiles.snapshot(4)), FS.list(dir));
    }

    @Test
    void load_damagedHeader_throwsAndSalvageKeepsNoRecords() throws IOException {
        Path file = SnapshotWriter.write(FS, dir, 4, SnapshotTestSupport.records(100).iterator());
        byte[] b = Files.readAllBytes(file);
        LittleEndian.putU16(b, SnapshotFormat.VERSION_OFFSET, 4);
        Files.write(file, b);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> load(false, false));
        assertEquals(SnapshotFormat.VERSION_OFFSET, e.offset());
        assertTrue(e.getMessage().contains("version 4"), e.getMessage());
        assertEquals(4, load(true, false));
        assertTrue(loaded.isEmpty());
        assertEquals(4, load(false, false));
    }

    @Test
    void load_footerCountWrong_throwsAtTheFooter() throws IOException {
        Path file = SnapshotWriter.write(FS, dir, 4, SnapshotTestSupport.records(10).iterator());
        byte[] b = Files.readAllBytes(file);
        byte[] footer = SnapshotFormat.footer(11, 4);
        System.arraycopy(footer, 0, b, b.length - footer.length, footer.length);
        Files.write(file, b);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> load(false, false));
        assertEquals(b.length - SnapshotFormat.FOOTER_SIZE, e.offset());
    }

    @Test
    void load_footerLsnDifferentFromName_throws() throws IOException {
        Path file = SnapshotWriter.write(FS, dir, 4, SnapshotTestSupport.records(10).iterator());
        Files.move(file, dir.resolve(StoreFiles.snapshot(5)));
        byte[] b = Files.readAllBytes(dir.resolve(StoreFiles.snapshot(5)));
        LittleEndian.putU64(b, SnapshotFormat.LSN_OFFSET, 5);
        Files.write(dir.resolve(StoreFiles.snapshot(5)), b);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> load(false, false));
        assertEquals(b.length - SnapshotFormat.FOOTER_SIZE + SnapshotFormat.FOOTER_LSN_OFFSET, e.offset());
    }

    @Test
    void load_newestSnapshotWithoutFooter_reportsCorruptionAndSalvageLoadsItsIntactBlocks() throws IOException {
        SnapshotWriter.write(FS, dir, 3, SnapshotTestSupport.records(20).iterator());
        List<byte[]> records = SnapshotTestSupport.records(2000);
        Path newest = SnapshotWriter.write(FS, dir, 8, records.iterator());
        byte[] b = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(b, b.length - 10)); // lost its footer
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> load(false, false));
        assertEquals(newest.getFileName(), e.file().getFileName());
        assertEquals(8, load(true, false));
        assertTrue(loaded.size() > 0, "the intact blocks are loaded");
        assertLoadedPrefixOf(records, loaded.size());
    }

    @Test
    void load_snapshotShorterThanItsHeader_reportsCorruption() throws IOException {
        Files.write(dir.resolve(StoreFiles.snapshot(3)), new byte[10]);
        KvCorruptionException e = assertThrows(KvCorruptionException.class, () -> load(false, false));
        assertEquals(10, e.offset());
    }

    @Test
    void load_tmpLeftover_isIgnoredAndDeletedUnlessReadOnly() throws IOException {
        List<byte[]> records = SnapshotTestSupport.records(5);
        SnapshotWriter.write(FS, dir, 3, records.iterator());
        Path tmp = dir.resolve(StoreFiles.temp(StoreFiles.snapshot(9)));
        Files.write(tmp, new byte[] {1, 2, 3});
        assertEquals(3, load(false, true));
        assertTrue(Files.exists(tmp));
        assertEquals(3, load(false, false));
        assertLoadedPrefixOf(records, 5);
        assertFalse(Files.exists(tmp));
    }

    @Test
    void load_unrelatedFiles_areLeftAlone() throws IOException {
        Files.write(dir.resolve("notes.tmp"), new byte[] {1});
        Files.write(dir.resolve("snapshot-1.snap"), new byte[] {1});
        assertEquals(0, load(false, false));
        assertTrue(Files.exists(dir.resolve("notes.tmp")));
    }

    @Test
    void deleteOlderThan_deletesOnlyOlderSnapshots() throws IOException {
        for (long lsn : new long[] {2, 5, 9}) {
            SnapshotWriter.write(FS, dir, lsn, SnapshotTestSupport.records(2).iterator());
        }
        Files.write(dir.resolve(StoreFiles.snapshot(2) + ".damaged"), new byte[] {1});
        SnapshotReader.deleteOlderThan(FS, dir, 9);
        assertEquals(List.of(StoreFiles.snapshot(2) + ".damaged", StoreFiles.snapshot(9)), FS.list(dir));
        SnapshotReader.deleteOlderThan(FS, dir, 9);
        assertEquals(9, load(false, false));
    }
}
