package io.kvstore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.FormatDocs;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
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

/** Decodes the worked example of docs/format/wal.md field by field, and checks the writer produces it. */
class WalFormatExampleTest {
    private static final long MILLIS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static final long EXPIRES = MILLIS + 60_000;

    @Test
    void version2DocExample_fieldByField_matchesTheSpec() throws IOException {
        byte[] b = FormatDocs.hexExample("wal.md", 1);
        assertEquals(56, b.length);
        // segment header
        assertArrayEquals("KVWL".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 4));
        assertEquals(2, LittleEndian.getU16(b, 4)); // a version-2 segment, still read
        assertEquals(0, LittleEndian.getU16(b, 6));
        assertEquals(1, LittleEndian.getU64(b, 8));
        // frame
        long length = LittleEndian.getU32(b, 16);
        assertEquals(b.length - 16 - 8, length);
        CRC32C crc = new CRC32C();
        crc.update(b, 24, (int) length);
        assertEquals(crc.getValue(), LittleEndian.getU32(b, 20));
        assertEquals(WalFormat.TYPE_BATCH, b[24]);
        assertEquals(1, LittleEndian.getU64(b, 25));
        // payload
        assertEquals(WalBatch.FLAG_EXPIRY, b[33]);
        WalBatch batch = WalBatch.decode(1, Arrays.copyOfRange(b, 33, b.length));
        assertEquals(1, batch.lsn());
        assertEquals(2, batch.ops().size());
        WalOp op = batch.ops().get(0);
        assertEquals(WalOp.PUT, op.kind());
        assertArrayEquals(new byte[] {'a'}, op.key());
        assertArrayEquals(new byte[] {'1'}, op.value());
        assertEquals(MILLIS, op.createdMillis());
        assertEquals(MILLIS, op.updatedMillis());
        assertEquals(EXPIRES, op.expiresMillis());
        WalOp expire = batch.ops().get(1);
        assertEquals(WalOp.EXPIRE, expire.kind());
        assertArrayEquals(new byte[] {'b'}, expire.key());
    }

    @Test
    void version1DocExample_recovered_yieldsTheOnePutWithoutExpiry() throws IOException {
        byte[] v1 = FormatDocs.hexExample("wal.md", 2);
        assertEquals(47, v1.length);
        assertEquals(1, LittleEndian.getU16(v1, 4));
        Files.write(dir.resolve(StoreFiles.walSegment(1)), v1);
        List<WalBatch> batches = new ArrayList<>();
        WalRecovery.Result r = WalRecovery.recover(FileLayer.DEFAULT, dir, 0, true, false, batches::add);
        assertEquals(1, r.lastLsn());
        WalOp op = batches.get(0).ops().get(0);
        assertEquals(WalOp.PUT, op.kind());
        assertEquals("a", new String(op.key(), StandardCharsets.US_ASCII));
        assertEquals(0, op.expiresMillis());
    }

    @Test
    void version1Segment_withAnExpiryBatch_isCorruption() throws IOException {
        byte[] b = FormatDocs.hexExample("wal.md", 1);
        LittleEndian.putU16(b, 4, 1); // claims version 1 but uses the EXPIRY flag
        Files.write(dir.resolve(StoreFiles.walSegment(1)), b);
        io.kvstore.engine.KvCorruptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.kvstore.engine.KvCorruptionException.class,
                () -> WalRecovery.recover(FileLayer.DEFAULT, dir, 0, true, false, x -> { }));
        assertEquals(16, e.offset());
    }

    @Test
    void version2DocExample_recovered_yieldsThePutAndTheExpire() throws IOException {
        Files.write(dir.resolve(StoreFiles.walSegment(1)), FormatDocs.hexExample("wal.md", 1));
        List<WalBatch> batches = new ArrayList<>();
        WalRecovery.Result r = WalRecovery.recover(FileLayer.DEFAULT, dir, 0, true, false, batches::add);
        assertEquals(1, r.lastLsn());
        assertEquals(56, r.walBytes());
        assertEquals(0, r.truncatedBytes());
        assertEquals(1, batches.size());
        WalOp op = batches.get(0).ops().get(0);
        assertEquals(WalOp.PUT, op.kind());
        assertEquals("a", new String(op.key(), StandardCharsets.US_ASCII));
        assertEquals("1", new String(op.value(), StandardCharsets.US_ASCII));
        assertEquals(EXPIRES, op.expiresMillis());
    }

    private static final byte[] AB32 = "ab".repeat(32).getBytes(StandardCharsets.US_ASCII);

    @Test
    void docExample_fieldByField_matchesTheSpec() throws IOException {
        byte[] b = FormatDocs.hexExample("wal.md");
        assertEquals(61, b.length);
        assertEquals(3, LittleEndian.getU16(b, 4));
        long length = LittleEndian.getU32(b, 16);
        assertEquals(b.length - 16 - 8, length);
        CRC32C crc = new CRC32C();
        crc.update(b, 24, (int) length);
        assertEquals(crc.getValue(), LittleEndian.getU32(b, 20));
        assertEquals(WalBatch.FLAG_ENCODING, b[33]);
        WalBatch batch = WalBatch.decode(1, Arrays.copyOfRange(b, 33, b.length));
        WalOp op = batch.ops().get(0);
        assertEquals(WalOp.PUT, op.kind());
        assertTrue(op.compressed());
        assertEquals(14, op.value().length);
        assertEquals(1, op.value()[0]); // LZ4
        assertEquals(64, op.value()[1]); // plain length
        assertArrayEquals(AB32, io.kvstore.engine.codec.ValueCompression.decode(op.value(), 0, op.value().length));
    }

    @Test
    void writer_sameRecord_producesExactlyTheDocExample() throws IOException {
        byte[] packed = io.kvstore.engine.codec.ValueCompression.of("lz4", 64).compressOrNull(AB32);
        try (WalWriter w = WalWriter.open(FileLayer.DEFAULT, dir, 1, 1 << 20)) {
            w.append(1, WalBatch.encodePayload(List.of(
                    new WalOp(WalOp.PUT, new byte[] {'a'}, packed, MILLIS, MILLIS, 0, true))));
            w.write();
            w.sync();
        }
        assertArrayEquals(FormatDocs.hexExample("wal.md"), Files.readAllBytes(dir.resolve(StoreFiles.walSegment(1))));
    }

    @Test
    void version2Segment_withAnEncodedBatch_isCorruption() throws IOException {
        byte[] b = FormatDocs.hexExample("wal.md");
        LittleEndian.putU16(b, 4, 2); // claims version 2 but uses the ENCODING flag
        Files.write(dir.resolve(StoreFiles.walSegment(1)), b);
        io.kvstore.engine.KvCorruptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.kvstore.engine.KvCorruptionException.class,
                () -> WalRecovery.recover(FileLayer.DEFAULT, dir, 0, true, false, x -> { }));
        assertEquals(16, e.offset());
    }

    @Test
    void writer_batchWithoutExpiry_encodesThePayloadOfVersion1() throws IOException {
        byte[] v1 = FormatDocs.hexExample("wal.md", 2);
        byte[] payload = WalBatch.encodePayload(List.of(WalOp.put(new byte[] {'a'}, new byte[] {'1'}, MILLIS, MILLIS)));
        assertArrayEquals(Arrays.copyOfRange(v1, 33, v1.length), payload);
    }
}
