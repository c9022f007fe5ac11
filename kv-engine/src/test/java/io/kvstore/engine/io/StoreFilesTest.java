package io.kvstore.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFilesTest {
    @TempDir
    Path dir;

    @Test
    void walSegment_nameAndParse_roundTrip() {
        assertEquals("wal-0000000000000001.log", StoreFiles.walSegment(1));
        assertEquals("wal-00000000deadbeef.log", StoreFiles.walSegment(0xdeadbeefL));
        assertEquals(0xdeadbeefL, StoreFiles.parseWalSegment("wal-00000000deadbeef.log"));
        assertEquals(Long.MAX_VALUE, StoreFiles.parseWalSegment(StoreFiles.walSegment(Long.MAX_VALUE)));
    }

    @Test
    void snapshot_nameAndParse_roundTrip() {
        assertEquals("snapshot-0000000000000010.snap", StoreFiles.snapshot(16));
        assertEquals(16, StoreFiles.parseSnapshot("snapshot-0000000000000010.snap"));
    }

    @Test
    void parse_otherNames_returnMinusOne() {
        for (String name : List.of("wal-1.log", "wal-00000000DEADBEEF.log", "wal-0000000000000001.log.damaged",
                "wal-0000000000000001.log.tmp", "snapshot-0000000000000001.snap.tmp", "LOCK", "wal-000000000000000g.log",
                "wal-8000000000000000.log")) {
            assertEquals(-1, StoreFiles.parseWalSegment(name), name);
            assertEquals(-1, StoreFiles.parseSnapshot(name), name);
        }
    }

    @Test
    void walSegment_negativeLsn_throws() {
        assertThrows(IllegalArgumentException.class, () -> StoreFiles.walSegment(-1));
    }

    @Test
    void damaged_nameTaken_picksTheNextFreeOne() {
        String n = StoreFiles.walSegment(1);
        assertEquals(n + ".damaged", StoreFiles.damaged(n, Set.of()));
        assertEquals(n + ".1.damaged", StoreFiles.damaged(n, Set.of(n + ".damaged")));
        assertEquals(n + ".2.damaged", StoreFiles.damaged(n, Set.of(n + ".damaged", n + ".1.damaged")));
        assertTrue(StoreFiles.isDamaged(StoreFiles.damaged(n, Set.of(n + ".damaged"))));
    }

    @Test
    void deleteTempFiles_deletesOnlyStoreTempFiles() throws IOException {
        Files.write(dir.resolve("snapshot-0000000000000001.snap.tmp"), new byte[1]);
        Files.write(dir.resolve("wal-0000000000000001.log.damaged.tmp"), new byte[1]);
        Files.write(dir.resolve("mine.tmp"), new byte[1]);
        Files.write(dir.resolve(StoreFiles.walSegment(1)), new byte[1]);
        assertEquals(2, StoreFiles.deleteTempFiles(FileLayer.DEFAULT, dir));
        assertEquals(List.of("mine.tmp", StoreFiles.walSegment(1)), FileLayer.DEFAULT.list(dir));
        assertFalse(StoreFiles.isTemp(StoreFiles.walSegment(1)));
    }

    @Test
    void walSegmentsAndSnapshots_listInLsnOrder() throws IOException {
        for (long lsn : new long[] {0x10, 2, 0x100}) {
            Files.write(dir.resolve(StoreFiles.walSegment(lsn)), new byte[0]);
            Files.write(dir.resolve(StoreFiles.snapshot(lsn)), new byte[0]);
        }
        assertEquals(List.of(2L, 0x10L, 0x100L), StoreFiles.walSegments(FileLayer.DEFAULT, dir));
        assertEquals(List.of(2L, 0x10L, 0x100L), StoreFiles.snapshots(FileLayer.DEFAULT, dir));
    }
}
