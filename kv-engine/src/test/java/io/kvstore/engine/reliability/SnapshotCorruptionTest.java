package io.kvstore.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.reliability.StoreFilesOnDisk.Block;
import io.kvstore.engine.reliability.StoreFilesOnDisk.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the snapshot file at many offsets (docs/format/snapshot.md, "Loading"). A store is written with two
 * snapshots and WAL after each, so that only the newest snapshot and the WAL after it remain. A bit flip in the
 * header or a data block must stop the open with a {@link KvCorruptionException} naming the snapshot and the
 * exact field or block offset; salvage must then load exactly the blocks before the damage plus the WAL after
 * the snapshot. A damaged footer or a truncation is damage too (a snapshot is forced before it gets its final
 * name): the open reports the snapshot file, and salvage loads its intact blocks and replays the log after it.
 */
class SnapshotCorruptionTest {
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);
    private static final int MAX_EXTRA = 1500;

    @TempDir
    Path tmp;
    private Path pristine;
    private History history;
    private Snapshot snapshot;
    private Set<String> everWritten;
    private int trialNo;
    private long keysChecked;

    @BeforeEach
    void buildStore() throws Exception {
        pristine = tmp.resolve("pristine");
        history = new History(MAX_EXTRA);
        everWritten = new HashSet<>();
        Random r = new Random(SEED);
        KvOptions o = KvOptions.builder().compression(compression())
                .compressionDictionarySampleBytes(DICTIONARY_SAMPLE_BYTES).syncPolicy(SyncPolicy.NONE).walSegmentBytes(64 * 1024)
                .snapshotWalBytes(0).build();
        try (KvStore s = KvStore.open(pristine, o)) {
            int ops = keys() * 14 / 5;
            for (int i = 1; i <= ops; i++) {
                String key = "k" + r.nextInt(keys());
                everWritten.add(key);
                if (i % 11 == 0 && s.get(Payloads.bytes(key)) != null) {
                    s.delete(Payloads.bytes(key));
                    history.delete(s.stats().lastLsn(), key);
                } else {
                    s.put(Payloads.bytes(key), Payloads.value(key, i, MAX_EXTRA));
                    history.put(s.stats().lastLsn(), key, i);
                }
                if (i == ops / 7 && "zstd-dict".equals(compression())) { // the rest are written with it
                    assertTrue(s.options().compression().awaitDictionary(60_000),
                            "no dictionary: " + s.options().compression().dictionaryError());
                }
                if (i == ops * 3 / 7 || i == ops * 6 / 7) {
                    s.snapshot();
                }
            }
        }
        List<Path> snaps = StoreFilesOnDisk.files(pristine, "snapshot-", ".snap");
        assertEquals(1, snaps.size(), "older snapshots are deleted once the newer one is durable: " + snaps);
        snapshot = StoreFilesOnDisk.parseSnapshot(snaps.get(0));
        assertTrue(snapshot.blocks().size() >= 3, "expected several blocks, got " + snapshot.blocks().size());
        assertEquals(history.stateAt(snapshot.lsn()), contentOf(snapshot.blocks()), "snapshot content");
    }

    @Test
    void open_bitFlipInSnapshotHeaderOrBlock_reportsFileAndOffsetAndSalvageKeepsBlocksBefore() throws Exception {
        Random r = new Random(SEED + 1);
        List<Long> offsets = new ArrayList<>();
        for (long off = 0; off < StoreFilesOnDisk.SNAPSHOT_HEADER; off++) {
            offsets.add(off);
        }
        for (Block b : snapshot.blocks()) {
            for (int k = 0; k < 8; k++) {
                offsets.add(b.offset() + k);
            }
            for (int k = 0; k < 12; k++) {
                offsets.add(b.offset() + 8 + r.nextInt(b.size() - 8));
            }
        }
        for (long off : offsets) {
            Path dir = trialDir();
            Path file = dir.resolve(snapshot.file().getFileName());
            flip(file, off, 1 << r.nextInt(8));
            String what = "bit flipped at offset " + off + " of " + file.getFileName();
            Block b = snapshot.blockAt(off);
            long expected = b != null ? b.offset() : off < 4 ? 0 : off < 6 ? 4 : off < 8 ? 6 : 8;
            List<Block> before = new ArrayList<>();
            for (Block x : snapshot.blocks()) {
                if (b != null && x.offset() < b.offset()) {
                    before.add(x);
                }
            }
            expectCorruption(dir, file, expected, what);
            try (KvStore s = KvStore.open(dir, options(true))) {
                Map<String, Long> want = history.replay(contentOf(before), snapshot.lsn(), history.lastLsn());
                History.assertSame(want, history.read(s), what + ": salvage");
                keysChecked += want.size();
            }
            try (KvStore s = KvStore.open(dir, options(false))) {
                Map<String, Long> want = history.replay(contentOf(before), snapshot.lsn(), history.lastLsn());
                History.assertSame(want, history.read(s), what + ": normal open after salvage");
                keysChecked += want.size();
            }
            StoreFilesOnDisk.deleteDir(dir);
        }
        System.out.printf("[reliability] SnapshotCorruptionTest bit flips: seed=%d snapshotBytes=%d blocks=%d"
                        + " entries=%d offsetsFlipped=%d allReportedCorrupt=%d keysChecked=%d%n", SEED,
                snapshot.size(), snapshot.blocks().size(), history.stateAt(snapshot.lsn()).size(), offsets.size(),
                offsets.size(), keysChecked);
    }

    @Test
    void open_damagedFooterOrTruncatedSnapshot_reportsTheSnapshotAndSalvageKeepsNothingTorn() throws Exception {
        Random r = new Random(SEED + 2);
        List<long[]> damages = new ArrayList<>(); // {kind 0 = flip / 1 = truncate, offset or length}
        long footer = snapshot.size() - StoreFilesOnDisk.SNAPSHOT_FOOTER;
        for (long off = footer; off < snapshot.size(); off += 3) {
            damages.add(new long[] {0, off});
        }
        for (long len : new long[] {0, 15, 16, 47, footer, snapshot.size() - 1}) {
            damages.add(new long[] {1, len});
        }
        for (int k = 0; k < 6; k++) {
            damages.add(new long[] {1, 16 + r.nextInt((int) footer - 16)});
        }
        long lost = 0;
        for (long[] d : damages) {
            Path dir = trialDir();
            Path file = dir.resolve(snapshot.file().getFileName());
            String what;
            if (d[0] == 0) {
                flip(file, d[1], 1 << r.nextInt(8));
                what = "footer bit flipped at offset " + d[1];
            } else {
                Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) d[1]));
                what = "snapshot truncated to " + d[1] + " bytes";
            }
            KvCorruptionException damage = assertThrows(KvCorruptionException.class,
                    () -> KvStore.open(dir, options(false)).close(), what);
            assertEquals(file.getFileName(), damage.file().getFileName(),
                    what + ": names the snapshot: " + damage.getMessage());
            assertTrue(damage.offset() >= 0 && damage.offset() <= snapshot.size(), what + ": offset " + damage.offset());
            try (KvStore s = KvStore.open(dir, options(true))) {
                Map<String, Long> got = history.read(s);
                for (Map.Entry<String, Long> e : got.entrySet()) {
                    assertTrue(everWritten.contains(e.getKey()), what + ": salvage invented key " + e.getKey());
                }
                lost += history.stateAt(history.lastLsn()).size() - got.size();
            }
            StoreFilesOnDisk.deleteDir(dir);
        }
        System.out.printf("[reliability] SnapshotCorruptionTest footer/truncation: seed=%d damagesTried=%d"
                + " allReportedCorrupt=%d keysLostUnderSalvage=%d%n", SEED, damages.size(), damages.size(), lost);
    }

    @Test
    void open_leftoverTempSnapshot_isIgnoredAndDeleted() throws Exception {
        Path dir = trialDir();
        Path leftover = dir.resolve("snapshot-00000000ffffffff.snap.tmp");
        byte[] garbage = new byte[5000];
        new Random(SEED).nextBytes(garbage);
        Files.write(leftover, garbage);
        try (KvStore s = KvStore.open(dir, options(false))) {
            keysChecked += history.assertStateAt(s, history.lastLsn(), "with a leftover temp snapshot");
        }
        assertTrue(Files.notExists(leftover), "the leftover .tmp is deleted at open");
    }

    private void expectCorruption(Path dir, Path file, long offset, String what) {
        KvCorruptionException e = assertThrows(KvCorruptionException.class,
                () -> KvStore.open(dir, options(false)).close(), what);
        assertEquals(file.getFileName(), e.file().getFileName(), what + ": file named, message: " + e.getMessage());
        assertEquals(offset, e.offset(), what + ": offset, message: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), what + ": " + e.getMessage());
    }

    private static Map<String, Long> contentOf(List<Block> blocks) {
        Map<String, Long> m = new HashMap<>();
        for (Block b : blocks) {
            for (byte[] rec : b.records()) {
                String key = StoreFilesOnDisk.recordKey(rec);
                long seq = Payloads.seqOf(key, StoreFilesOnDisk.recordValue(rec), MAX_EXTRA);
                if (seq < 0) {
                    throw new AssertionError("snapshot record for " + key + " has a foreign value");
                }
                m.put(key, seq);
            }
        }
        return m;
    }

    private static void flip(Path file, long off, int bit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) off] ^= (byte) bit;
        Files.write(file, bytes);
    }

    /**
     * Options for the trials: a {@link FaultyFileLayer} that injects nothing and skips the real fsync, because
     * these tests are about reading damaged files, not about durability, and hundreds of opens must stay fast.
     */
    private KvOptions options(boolean salvage) {
        return KvOptions.builder().fileLayer(new FaultyFileLayer(SEED)).salvage(salvage).compression(compression())
                .compressionDictionarySampleBytes(DICTIONARY_SAMPLE_BYTES)
                .build();
    }

    /** The store's compression option; {@link SnapshotCorruptionCompressedTest} runs every sweep with LZ4. */
    /** zstd-dict: train the dictionary from the first 4 KiB of values, so that most values use it. */
    static final int DICTIONARY_SAMPLE_BYTES = 4096;

    String compression() {
        return "none";
    }

    /** Distinct keys written (2.8 writes each): enough for several 64 KiB blocks in the snapshot. */
    int keys() {
        return 250;
    }

    private Path trialDir() throws IOException {
        Path dir = tmp.resolve("trial-" + (trialNo++));
        StoreFilesOnDisk.copyDir(pristine, dir);
        return dir;
    }
}
