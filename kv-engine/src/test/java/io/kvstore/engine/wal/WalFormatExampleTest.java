package io.kvstore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void docExample_fieldByField_matchesTheSpec() throws IOException {
        byte[] b = FormatDocs.hexExample("wal.md");
        assertEquals(47, b.length);
        // segment header
        assertArrayEquals("KVWL".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 4));
        assertEquals(1, LittleEndian.getU16(b, 4));
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
        WalBatch batch = WalBatch.decode(1, Arrays.copyOfRange(b, 33, b.length));
        assertEquals(1, batch.lsn());
        assertEquals(1, batch.ops().size());
        WalOp op = batch.ops().get(0);
        assertEquals(WalOp.PUT, op.kind());
        assertArrayEquals(new byte[] {'a'}, op.key());
        assertArrayEquals(new byte[] {'1'}, op.value());
        assertEquals(MILLIS, op.createdMillis());
        assertEquals(MILLIS, op.updatedMillis());
    }

    @Test
    void docExample_recovered_yieldsTheOnePut() throws IOException {
        Files.write(dir.resolve(StoreFiles.walSegment(1)), FormatDocs.hexExample("wal.md"));
        List<WalBatch> batches = new ArrayList<>();
        WalRecovery.Result r = WalRecovery.recover(FileLayer.DEFAULT, dir, 0, true, false, batches::add);
        assertEquals(1, r.lastLsn());
        assertEquals(47, r.walBytes());
        assertEquals(0, r.truncatedBytes());
        assertEquals(1, batches.size());
        WalOp op = batches.get(0).ops().get(0);
        assertEquals(WalOp.PUT, op.kind());
        assertEquals("a", new String(op.key(), StandardCharsets.US_ASCII));
        assertEquals("1", new String(op.value(), StandardCharsets.US_ASCII));
    }

    @Test
    void writer_sameRecord_producesExactlyTheDocExample() throws IOException {
        try (WalWriter w = WalWriter.open(FileLayer.DEFAULT, dir, 1, 1 << 20)) {
            w.append(1, WalBatch.encodePayload(List.of(WalOp.put(new byte[] {'a'}, new byte[] {'1'}, MILLIS, MILLIS))));
            w.write();
            w.sync();
        }
        assertArrayEquals(FormatDocs.hexExample("wal.md"), Files.readAllBytes(dir.resolve(StoreFiles.walSegment(1))));
    }
}
