package io.kvstore.engine.wal;

import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Deterministic batches and log-writing helpers shared by the WAL tests. */
final class WalTestSupport {
    private WalTestSupport() {
    }

    /** A batch derived from its LSN alone: one or two ops, values of varying size. */
    static List<WalOp> opsFor(long lsn) {
        byte[] key = ("key-" + lsn).getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[(int) (lsn * 7 % 90)];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (lsn + i);
        }
        List<WalOp> ops = new ArrayList<>();
        ops.add(WalOp.put(key, value, 1_700_000_000_000L + lsn, 1_700_000_000_000L + 2 * lsn));
        if (lsn % 3 == 0) {
            ops.add(WalOp.delete(("key-" + (lsn - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        return ops;
    }

    /** Appends, writes and syncs records {@code from .. to} one group each. */
    static void appendRange(WalWriter w, long from, long to) throws IOException {
        for (long lsn = from; lsn <= to; lsn++) {
            w.append(lsn, WalBatch.encodePayload(opsFor(lsn)));
            w.write();
            w.sync();
        }
    }

    /** Writes a log holding records {@code 1 .. n} and closes it. */
    static void writeLog(FileLayer fs, Path dir, long n, long segmentBytes) throws IOException {
        try (WalWriter w = WalWriter.open(fs, dir, 1, segmentBytes)) {
            appendRange(w, 1, n);
        }
    }

    /** Recovers everything after {@code afterLsn} and checks each batch against {@link #opsFor}. */
    static Recovered recover(FileLayer fs, Path dir, long afterLsn, boolean readOnly, boolean salvage)
            throws IOException {
        List<Long> lsns = new ArrayList<>();
        WalRecovery.Result r = WalRecovery.recover(fs, dir, afterLsn, readOnly, salvage, b -> {
            WalBatchTest.assertOpsEqual(opsFor(b.lsn()), b.ops());
            lsns.add(b.lsn());
        });
        return new Recovered(r, lsns);
    }

    record Recovered(WalRecovery.Result result, List<Long> lsns) {
    }

    static Path segment(Path dir, long first) {
        return dir.resolve(StoreFiles.walSegment(first));
    }

    /** Offsets of every frame in a segment written by the engine (the file must be intact). */
    static List<Long> frameOffsets(Path segment) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        List<Long> offsets = new ArrayList<>();
        int pos = WalFormat.HEADER_SIZE;
        while (pos < b.length) {
            offsets.add((long) pos);
            int len = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
            pos += WalFormat.FRAME_PREFIX + len;
        }
        return offsets;
    }

    static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }
}
