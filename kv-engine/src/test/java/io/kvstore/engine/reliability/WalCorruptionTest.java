package io.kvstore.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.reliability.StoreFilesOnDisk.Frame;
import io.kvstore.engine.reliability.StoreFilesOnDisk.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to WAL segments at many offsets (docs/format/wal.md, "Reading the log back"): a bit flip anywhere but
 * the last frame of the last segment, or a truncation of any segment but the last, must stop the open with a
 * {@link KvCorruptionException} naming the exact file and offset; damage confined to the tail of the last
 * segment (a torn write, zeros or garbage after a power loss) must be cut off silently, recovering an exact
 * prefix of the history. Salvage must recover exactly the records before the damage, and leave a directory that
 * then opens normally with the same content. Expected files and offsets are computed by an independent reading
 * of the format ({@link StoreFilesOnDisk}).
 */
class WalCorruptionTest {
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);
    private static final int MAX_EXTRA = 120;

    @TempDir
    Path tmp;
    private Path pristine;
    private History history;
    private List<Segment> segments;
    private int trialNo;
    private long keysChecked;

    @BeforeEach
    void buildStore() throws Exception {
        pristine = tmp.resolve("pristine");
        history = new History(MAX_EXTRA);
        Random r = new Random(SEED);
        KvOptions o = KvOptions.builder().compression(compression())
                .compressionDictionarySampleBytes(DICTIONARY_SAMPLE_BYTES).syncPolicy(SyncPolicy.NONE).walSegmentBytes(4096).snapshotWalBytes(0)
                .build();
        try (KvStore s = KvStore.open(pristine, o)) {
            for (int i = 1; i <= 400; i++) {
                String key = "k" + r.nextInt(60);
                if (i % 9 == 0 && s.get(Payloads.bytes(key)) != null) {
                    s.delete(Payloads.bytes(key));
                    history.delete(s.stats().lastLsn(), key);
                } else {
                    s.put(Payloads.bytes(key), Payloads.value(key, i, MAX_EXTRA));
                    history.put(s.stats().lastLsn(), key, i);
                }
                if (i == 150 && "zstd-dict".equals(compression())) { // the rest are written with the dictionary
                    assertTrue(s.options().compression().awaitDictionary(60_000),
                            "no dictionary: " + s.options().compression().dictionaryError());
                }
            }
        }
        segments = StoreFilesOnDisk.walSegments(pristine);
        assertTrue(segments.size() >= 4, "expected several segments, got " + segments.size());
        assertEquals(history.lastLsn(), segments.get(segments.size() - 1).lastLsn());
    }

    @Test
    void open_bitFlipAtManyOffsets_reportsFileAndOffsetOrTruncatesTornTail() throws Exception {
        Random r = new Random(SEED + 1);
        List<long[]> targets = new ArrayList<>(); // {segment index, offset}
        int last = segments.size() - 1;
        for (int i : new int[] {0, segments.size() / 2, last}) {
            for (int off = 0; off < StoreFilesOnDisk.WAL_HEADER; off++) {
                targets.add(new long[] {i, off});
            }
        }
        Frame lastFrame = lastFrame(segments.get(last));
        for (long off = lastFrame.offset(); off < lastFrame.end(); off += 7) {
            targets.add(new long[] {last, off});
        }
        for (int n = 0; n < 110; n++) {
            int i = r.nextInt(segments.size());
            Segment s = segments.get(i);
            targets.add(new long[] {i, StoreFilesOnDisk.WAL_HEADER + r.nextInt((int) s.size() - StoreFilesOnDisk.WAL_HEADER)});
        }
        int corrupt = 0;
        int torn = 0;
        for (long[] t : targets) {
            int i = (int) t[0];
            long off = t[1];
            Segment seg = segments.get(i);
            int bit = 1 << r.nextInt(8);
            Path dir = trialDir();
            Path file = dir.resolve(seg.file().getFileName());
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) off] ^= (byte) bit;
            Files.write(file, bytes);
            String what = "bit " + bit + " flipped at offset " + off + " of " + file.getFileName();
            Frame f = seg.frameAt(off);
            if (f == null) {
                long field = off < 4 ? 0 : off < 6 ? 4 : off < 8 ? 6 : 8;
                expectCorruption(dir, file, field, seg.firstLsn() - 1, what);
                corrupt++;
            } else if (i == last && f.equals(lastFrame)) {
                expectTornTail(dir, f.lsn() - 1, what);
                torn++;
            } else {
                expectCorruption(dir, file, f.offset(), f.lsn() - 1, what);
                corrupt++;
            }
            StoreFilesOnDisk.deleteDir(dir);
        }
        System.out.printf("[reliability] WalCorruptionTest bit flips: seed=%d segments=%d walBytes=%d records=%d"
                        + " offsetsFlipped=%d reportedCorrupt=%d tornTailTruncated=%d keysChecked=%d%n", SEED,
                segments.size(), walBytes(), history.records(), targets.size(), corrupt, torn, keysChecked);
    }

    @Test
    void open_truncatedSegments_lastRecoversExactPrefixOthersReportCorruption() throws Exception {
        Random r = new Random(SEED + 2);
        int last = segments.size() - 1;
        int trials = 0;
        int corrupt = 0;
        int torn = 0;
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            List<Long> lengths = new ArrayList<>(List.of(0L, 7L, 15L, 16L));
            for (int k = 0; k < 5; k++) {
                Frame f = seg.frames().get(r.nextInt(seg.frames().size()));
                if (f.end() < seg.size()) {
                    lengths.add(f.end());
                }
                lengths.add(f.offset() + 1 + r.nextInt(f.size() - 1));
            }
            for (long len : lengths) {
                Path dir = trialDir();
                Path file = dir.resolve(seg.file().getFileName());
                byte[] bytes = Files.readAllBytes(file);
                Files.write(file, Arrays.copyOf(bytes, (int) len));
                String what = file.getFileName() + " truncated to " + len + " of " + seg.size() + " bytes";
                long prefix = seg.firstLsn() - 1;
                Frame cut = null;
                for (Frame f : seg.frames()) {
                    if (f.end() <= len) {
                        prefix = f.lsn();
                    } else if (cut == null) {
                        cut = f;
                    }
                }
                if (i == last) {
                    expectTornTail(dir, prefix, what);
                    torn++;
                } else if (len < StoreFilesOnDisk.WAL_HEADER) {
                    expectCorruption(dir, file, 0, prefix, what);
                    corrupt++;
                } else if (cut != null && len > cut.offset()) {
                    expectCorruption(dir, file, cut.offset(), prefix, what);
                    corrupt++;
                } else {
                    // Cut on a frame boundary: the next segment starts after a gap.
                    Path next = dir.resolve(segments.get(i + 1).file().getFileName());
                    expectCorruption(dir, next, 0, prefix, what);
                    corrupt++;
                }
                trials++;
                StoreFilesOnDisk.deleteDir(dir);
            }
        }
        System.out.printf("[reliability] WalCorruptionTest truncations: seed=%d lengthsTried=%d reportedCorrupt=%d"
                + " exactPrefixRecovered=%d keysChecked=%d%n", SEED, trials, corrupt, torn, keysChecked);
    }

    @Test
    void open_zeroOrGarbageTailAfterPowerLoss_readsAsTornTail() throws Exception {
        Random r = new Random(SEED + 3);
        Segment seg = segments.get(segments.size() - 1);
        int trials = 0;
        for (Frame f : seg.frames()) {
            Path dir = trialDir();
            Path file = dir.resolve(seg.file().getFileName());
            byte[] bytes = Files.readAllBytes(file);
            Arrays.fill(bytes, (int) f.offset(), bytes.length, (byte) 0);
            Files.write(file, bytes);
            expectTornTail(dir, f.lsn() - 1, "zeros from offset " + f.offset() + " of " + file.getFileName());
            StoreFilesOnDisk.deleteDir(dir);
            trials++;
        }
        for (int n = 0; n < 3; n++) {
            Path dir = trialDir();
            Path file = dir.resolve(seg.file().getFileName());
            byte[] bytes = Files.readAllBytes(file);
            byte[] tail = new byte[1 + r.nextInt(8192)];
            if (n > 0) {
                r.nextBytes(tail);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + tail.length);
            System.arraycopy(tail, 0, longer, bytes.length, tail.length);
            Files.write(file, longer);
            expectTornTail(dir, history.lastLsn(), tail.length + (n > 0 ? " garbage" : " zero") + " bytes appended");
            StoreFilesOnDisk.deleteDir(dir);
            trials++;
        }
        Path dir = trialDir();
        Path file = dir.resolve(seg.file().getFileName());
        Files.write(file, new byte[(int) seg.size()]);
        expectTornTail(dir, seg.firstLsn() - 1, "last segment all zeros (torn creation)");
        trials++;
        System.out.printf("[reliability] WalCorruptionTest zero/garbage tails: seed=%d tailsTried=%d keysChecked=%d%n",
                SEED, trials, keysChecked);
    }

    private void expectTornTail(Path dir, long prefix, String what) {
        try (KvStore s = KvStore.open(dir, options(false))) {
            keysChecked += history.assertStateAt(s, prefix, what + ": open");
            assertEquals(prefix, s.stats().lastLsn(), what + ": lastLsn");
        }
        try (KvStore s = KvStore.open(dir, options(false))) {
            keysChecked += history.assertStateAt(s, prefix, what + ": second open");
        }
    }

    private void expectCorruption(Path dir, Path file, long offset, long salvagePrefix, String what)
            throws IOException {
        KvCorruptionException e = assertThrows(KvCorruptionException.class,
                () -> KvStore.open(dir, options(false)).close(), what);
        assertEquals(file.getFileName(), e.file().getFileName(), what + ": file named, message: " + e.getMessage());
        assertEquals(offset, e.offset(), what + ": offset, message: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains("" + offset),
                what + ": message names file and offset: " + e.getMessage());
        try (KvStore s = KvStore.open(dir, options(true))) {
            keysChecked += history.assertStateAt(s, salvagePrefix, what + ": salvage");
        }
        assertTrue(StoreFilesOnDisk.files(dir, "", ".damaged").size() > 0, what + ": salvage keeps a .damaged copy");
        try (KvStore s = KvStore.open(dir, options(false))) {
            keysChecked += history.assertStateAt(s, salvagePrefix, what + ": normal open after salvage");
        }
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

    /** The store's compression option; {@link WalCorruptionCompressedTest} runs every sweep with LZ4. */
    /** zstd-dict: train the dictionary from the first 4 KiB of values, so that most values use it. */
    static final int DICTIONARY_SAMPLE_BYTES = 4096;

    String compression() {
        return "none";
    }

    private Path trialDir() throws IOException {
        Path dir = tmp.resolve("trial-" + (trialNo++));
        StoreFilesOnDisk.copyDir(pristine, dir);
        return dir;
    }

    private long walBytes() {
        return segments.stream().mapToLong(Segment::size).sum();
    }

    private static Frame lastFrame(Segment s) {
        return s.frames().get(s.frames().size() - 1);
    }
}
