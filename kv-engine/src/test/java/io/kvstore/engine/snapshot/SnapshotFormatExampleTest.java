package io.kvstore.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.codec.ValueCompression;
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

    private static final byte[] AB32 = "ab".repeat(32).getBytes(StandardCharsets.US_ASCII);
    private static final ValueCompression LZ4 = ValueCompression.of("lz4", ValueCompression.DEFAULT_THRESHOLD);

    /** The two records of the version-3 example, as a store with compression=lz4 holds them. */
    private static List<byte[]> exampleRecords() {
        return List.of(EntryRecord.encode(new byte[] {'a'}, AB32, LZ4, 1, MILLIS, MILLIS, 0),
                EntryRecord.encode(new byte[] {'b'}, new byte[] {'2'}, LZ4, 2, MILLIS, MILLIS, EXPIRES));
    }

    @Test
    void docExample_fieldByField_matchesTheSpec() throws IOException {
        byte[] b = FormatDocs.hexExample("snapshot.md");
        assertEquals(103, b.length);
        // header
        assertArrayEquals("KVSN".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 4));
        assertEquals(3, LittleEndian.getU16(b, 4));
        assertEquals(SnapshotFormat.FLAG_COMPRESSED_BLOCKS, LittleEndian.getU16(b, 6));
        assertEquals(2, LittleEndian.getU64(b, 8));
        // data block: stored content = codec 0, raw length, records
        int length = (int) LittleEndian.getU32(b, 16);
        assertEquals(47, length);
        assertEquals(crc(b, 24, length), LittleEndian.getU32(b, 20));
        assertEquals(0, b[24]); // codec 0: stored plain
        assertEquals(45, Varints.read(b, 25, 24 + length));
        int p = Varints.end(b, 25);
        long len1 = Varints.read(b, p, 24 + length);
        p = Varints.end(b, p);
        byte[] a = Arrays.copyOfRange(b, p, p + (int) len1);
        p += (int) len1;
        long len2 = Varints.read(b, p, 24 + length);
        p = Varints.end(b, p);
        byte[] bRec = Arrays.copyOfRange(b, p, p + (int) len2);
        p += (int) len2;
        assertEquals(24 + length, p);
        assertEquals(6, a[0]); // keyMeta: key length 1, compressed, no expiry
        assertTrue(EntryRecord.isCompressed(a));
        assertEquals(1, EntryRecord.keyLength(a));
        assertEquals(1, EntryRecord.version(a));
        assertEquals(MILLIS, EntryRecord.createdMillis(a));
        assertEquals(MILLIS, EntryRecord.updatedMillis(a));
        assertArrayEquals(new byte[] {'a'}, EntryRecord.key(a));
        int v = EntryRecord.valueOffset(a);
        assertEquals(1, a[v]); // value codec 1 = LZ4
        assertEquals(64, a[v + 1]); // raw length
        assertArrayEquals(AB32, EntryRecord.value(a));
        assertEquals(64, EntryRecord.valueLength(a));
        assertEquals(0, EntryRecord.expiresMillis(a));
        assertEquals(5, bRec[0]); // keyMeta: key length 1, plain, with expiry
        assertEquals(2, EntryRecord.version(bRec));
        assertArrayEquals(new byte[] {'b'}, EntryRecord.key(bRec));
        assertArrayEquals(new byte[] {'2'}, EntryRecord.value(bRec));
        assertEquals(EXPIRES, EntryRecord.expiresMillis(bRec));
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
        assertArrayEquals(exampleRecords().get(0), records.get(0));
        assertArrayEquals(exampleRecords().get(1), records.get(1));
    }

    @Test
    void version2DocExample_loaded_convertsTheEntries() throws IOException {
        byte[] v2 = FormatDocs.hexExample("snapshot.md", 1);
        assertEquals(88, v2.length);
        assertEquals(2, LittleEndian.getU16(v2, 4));
        Files.write(dir.resolve(StoreFiles.snapshot(2)), v2);
        List<byte[]> records = new ArrayList<>();
        assertEquals(2, SnapshotReader.load(FileLayer.DEFAULT, dir, false, true, records::add));
        assertEquals(2, records.size());
        assertArrayEquals(EntryRecord.encode(new byte[] {'a'}, new byte[] {'1'}, 1, MILLIS, MILLIS), records.get(0));
        assertArrayEquals(EntryRecord.encode(new byte[] {'b'}, new byte[] {'2'}, 2, MILLIS, MILLIS, EXPIRES),
                records.get(1));
    }

    @Test
    void version2Record_longKey_convertedToTheNewKeyMeta() {
        byte[] key = new byte[40]; // 40 << 1 fits one byte in version 2; 40 << 2 needs two in version 3
        Arrays.fill(key, (byte) 'k');
        byte[] v3 = EntryRecord.encode(key, new byte[] {'v'}, 7, MILLIS, MILLIS, EXPIRES);
        byte[] v2 = new byte[v3.length - 1];
        v2[0] = (byte) (40 << 1 | 1);
        System.arraycopy(v3, 2, v2, 1, v3.length - 2);
        assertArrayEquals(v3, EntryRecord.fromVersion2(v2));
    }

    @Test
    void version1DocExample_loaded_convertsTheEntry() throws IOException {
        byte[] v1 = FormatDocs.hexExample("snapshot.md", 2);
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
        Path file = SnapshotWriter.write(FileLayer.DEFAULT, dir, 2, exampleRecords().iterator(), LZ4.codec());
        assertEquals(dir.resolve(StoreFiles.snapshot(2)), file);
        assertArrayEquals(FormatDocs.hexExample("snapshot.md"), Files.readAllBytes(file));
    }
}
