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

    private static final long EXPIRES = MILLIS + 60_000;

    @Test
    void docExample_fieldByField_matchesTheSpec() throws IOException {
        byte[] b = FormatDocs.hexExample("snapshot.md");
        assertEquals(88, b.length);
        // header
        assertArrayEquals("KVSN".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 4));
        assertEquals(2, LittleEndian.getU16(b, 4));
        assertEquals(0, LittleEndian.getU16(b, 6));
        assertEquals(2, LittleEndian.getU64(b, 8));
        // data block
        int length = (int) LittleEndian.getU32(b, 16);
        assertEquals(32, length);
        assertEquals(crc(b, 24, length), LittleEndian.getU32(b, 20));
        int p = 24;
        long len1 = Varints.read(b, p, 24 + length);
        p = Varints.end(b, p);
        byte[] a = Arrays.copyOfRange(b, p, p + (int) len1);
        p += (int) len1;
        long len2 = Varints.read(b, p, 24 + length);
        p = Varints.end(b, p);
        byte[] bRec = Arrays.copyOfRange(b, p, p + (int) len2);
        p += (int) len2;
        assertEquals(24 + length, p);
        assertEquals(2, a[0]); // keyMeta: key length 1, no expiry
        assertEquals(1, EntryRecord.keyLength(a));
        assertEquals(1, EntryRecord.version(a));
        assertEquals(MILLIS, EntryRecord.createdMillis(a));
        assertEquals(MILLIS, EntryRecord.updatedMillis(a));
        assertArrayEquals(new byte[] {'a'}, EntryRecord.key(a));
        assertArrayEquals(new byte[] {'1'}, EntryRecord.value(a));
        assertEquals(0, EntryRecord.expiresMillis(a));
        assertEquals(3, bRec[0]); // keyMeta: key length 1, with expiry
        assertEquals(2, EntryRecord.version(bRec));
        assertArrayEquals(new byte[] {'b'}, EntryRecord.key(bRec));
        assertArrayEquals(new byte[] {'2'}, EntryRecord.value(bRec));
        assertEquals(EXPIRES, EntryRecord.expiresMillis(bRec));
        assertEquals(EXPIRES, LittleEndian.getU64(bRec, bRec.length - 8));
        // footer
        int footer = 16 + 8 + length;
        assertEquals(b.length - 32, footer);
        assertEquals(0xFFFF_FFFFL, LittleEndian.getU32(b, footer));
        assertEquals(crc(b, footer + 8, 24), LittleEndian.getU32(b, footer + 4));
        assertEquals(2, LittleEndian.getU64(b, footer + 8));
        assertEquals(2, LittleEndian.getU64(b, footer + 16));
        assertArrayEquals("KVSN_END".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, footer + 24, b.length));
    }

    @Test
    void docExample_loaded_yieldsTheTwoEntries() throws IOException {
        Files.write(dir.resolve(StoreFiles.snapshot(2)), FormatDocs.hexExample("snapshot.md"));
        List<byte[]> records = new ArrayList<>();
        assertEquals(2, SnapshotReader.load(FileLayer.DEFAULT, dir, false, true, records::add));
        assertEquals(2, records.size());
        assertArrayEquals(EntryRecord.encode(new byte[] {'a'}, new byte[] {'1'}, 1, MILLIS, MILLIS), records.get(0));
        assertArrayEquals(EntryRecord.encode(new byte[] {'b'}, new byte[] {'2'}, 2, MILLIS, MILLIS, EXPIRES),
                records.get(1));
    }

    @Test
    void version1DocExample_loaded_convertsTheEntry() throws IOException {
        byte[] v1 = FormatDocs.hexExample("snapshot.md", 1);
        assertEquals(68, v1.length);
        assertEquals(1, LittleEndian.getU16(v1, 4));
        Files.write(dir.resolve(StoreFiles.snapshot(1)), v1);
        List<byte[]> records = new ArrayList<>();
        assertEquals(1, SnapshotReader.load(FileLayer.DEFAULT, dir, false, true, records::add));
        assertEquals(1, records.size());
        assertArrayEquals(EntryRecord.encode(new byte[] {'a'}, new byte[] {'1'}, 1, MILLIS, MILLIS), records.get(0));
    }

    @Test
    void writer_sameEntries_produceExactlyTheDocExample() throws IOException {
        byte[] a = EntryRecord.encode(new byte[] {'a'}, new byte[] {'1'}, 1, MILLIS, MILLIS);
        byte[] b = EntryRecord.encode(new byte[] {'b'}, new byte[] {'2'}, 2, MILLIS, MILLIS, EXPIRES);
        Path file = SnapshotWriter.write(FileLayer.DEFAULT, dir, 2, List.of(a, b).iterator());
        assertEquals(dir.resolve(StoreFiles.snapshot(2)), file);
        assertArrayEquals(FormatDocs.hexExample("snapshot.md"), Files.readAllBytes(file));
    }
}
