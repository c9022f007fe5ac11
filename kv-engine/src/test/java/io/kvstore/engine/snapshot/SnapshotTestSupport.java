package io.kvstore.engine.snapshot;

import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.table.EntryRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Deterministic entry records and a block walker shared by the snapshot tests. */
final class SnapshotTestSupport {
    private SnapshotTestSupport() {
    }

    /** {@code n} records; every 97th has a value larger than a block. */
    static List<byte[]> records(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[i % 97 == 0 ? 70_000 + i : i % 300];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) (i * 7 + j);
            }
            out.add(EntryRecord.encode(key, value, i + 1, 1_700_000_000_000L + i, 1_700_000_000_000L + 2L * i));
        }
        return out;
    }

    /** Offsets of the data blocks of an intact snapshot file. */
    static List<Long> blockOffsets(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        List<Long> offsets = new ArrayList<>();
        long pos = SnapshotFormat.HEADER_SIZE;
        while (pos < b.length - SnapshotFormat.FOOTER_SIZE) {
            offsets.add(pos);
            pos += SnapshotFormat.BLOCK_PREFIX + LittleEndian.getU32(b, (int) pos);
        }
        return offsets;
    }

    /** Number of records in the data blocks that start before {@code end}. */
    static int recordsBefore(Path file, long end) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int count = 0;
        for (long block : blockOffsets(file)) {
            if (block >= end) {
                break;
            }
            int p = (int) block + SnapshotFormat.BLOCK_PREFIX;
            int limit = p + (int) LittleEndian.getU32(b, (int) block);
            while (p < limit) {
                long len = io.kvstore.engine.io.Varints.read(b, p, limit);
                p = io.kvstore.engine.io.Varints.end(b, p) + (int) len;
                count++;
            }
        }
        return count;
    }
}
