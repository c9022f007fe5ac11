package io.kvstore.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.FormatDocs;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import io.kvstore.engine.io.Varints;
import io.kvstore.engine.table.EntryRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decodes the worked example of docs/format/snapshot.md field by field, and checks the writer produces it. */
class SnapshotFormatExampleTest {
    private static final long MILLIS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static long crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    @Test
    void docExample_fieldByField_matchesTheSpec() throws IOException {
        byte[] b = FormatDocs.hexExample("snapshot.md");
        assertEquals(68, b.length);
        // header
        assertArrayEquals("KVSN".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 4));
        assertEquals(1, LittleEndian.getU16(b, 4));
        assertEquals(0, LittleEndian.getU16(b, 6));
        assertEquals(1, LittleEndian.getU64(b, 8));
        // data block
        int length = (int) LittleEndian.getU32(b, 16);
        assertEquals(12, length);
        assertEquals(crc(b, 24, length), LittleEndian.getU32(b, 20));
        long recordLength = Varints.read(b, 24, 24 + length);
        int recordAt = Varints.end(b, 24);
        assertEquals(24 + length, recordAt + recordLength);
        byte[] record = Arrays.copyOfRange(b, recordAt, (int) (recordAt + recordLength));
        assertEquals(1, EntryRecord.keyLength(record));
        assertEquals(1, EntryRecord.version(record));
        assertEquals(MILLIS, EntryRecord.createdMillis(record));
        assertEquals(MILLIS, EntryRecord.updatedMillis(record));
        assertArrayEquals(new byte[] {'a'}, EntryRecord.key(record));
        assertArrayEquals(new byte[] {'1'}, EntryRecord.value(record));
        // footer
        int footer = 16 + 8 + length;
        assertEquals(b.length - 32, footer);
        assertEquals(0xFFFF_FFFFL, LittleEndian.getU32(b, footer));
        assertEquals(crc(b, footer + 8, 24), LittleEndian.getU32(b, footer + 4));
        assertEquals(1, LittleEndian.getU64(b, footer + 8));
        assertEquals(1, LittleEndian.getU64(b, footer + 16));
        assertArrayEquals("KVSN_END".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, footer + 24, b.length));
    }

    @Test
    void docExample_loaded_yieldsTheOneEntry() throws IOException {
        Files.write(dir.resolve(StoreFiles.snapshot(1)), FormatDocs.hexExample("snapshot.md"));
        List<byte[]> records = new ArrayList<>();
        assertEquals(1, SnapshotReader.load(FileLayer.DEFAULT, dir, false, true, records::add));
        assertEquals(1, records.size());
        assertArrayEquals(EntryRecord.encode(new byte[] {'a'}, new byte[] {'1'}, 1, MILLIS, MILLIS), records.get(0));
    }

    @Test
    void writer_sameEntry_producesExactlyTheDocExample() throws IOException {
        byte[] record = EntryRecord.encode(new byte[] {'a'}, new byte[] {'1'}, 1, MILLIS, MILLIS);
        Path file = SnapshotWriter.write(FileLayer.DEFAULT, dir, 1, List.of(record).iterator());
        assertEquals(dir.resolve(StoreFiles.snapshot(1)), file);
        assertArrayEquals(FormatDocs.hexExample("snapshot.md"), Files.readAllBytes(file));
    }
}
