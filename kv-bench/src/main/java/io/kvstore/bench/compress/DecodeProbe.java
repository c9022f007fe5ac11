package io.kvstore.bench.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictContentType;
import com.github.luben.zstd.ZstdDictDecompress;
import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Session 7 probe (issue 16): what zstd-jni's dictionary and frame parameters do to the per-value cost of
 * compressing and decompressing the bench's ~400-byte JSON values ({@link JsonValues#json}), by thread CPU time
 * (ThreadMXBean), and to the compressed size. Not part of the bench's runs; a standalone main whose table is quoted
 * in docs/benchmarks.md ("Compression decode speed (session 7, issue 16)").
 *
 * <p>Each configuration: a dictionary trained from {@code samples} values (indices from 50,000,000, disjoint from
 * the measured ones) or built from raw sample content, a compression context configured as the engine's
 * (magicless, no checksum, content size or dictionary id) plus the configuration's parameters; {@code n} values
 * compressed once (warm-up) and then {@code passes} times, and decompressed {@code passes} times after a warm-up
 * pass; the median pass's CPU time per value is printed. Run with a fixed, pre-touched heap, e.g.
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp ... io.kvstore.bench.compress.DecodeProbe [n] [passes] [regex]}
 * (the regex picks configurations by name; "others" adds the codecs without a dictionary API).
 * Not thread-safe (one thread).
 */
public final class DecodeProbe {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final long SAMPLE_BASE = 50_000_000L;

    private DecodeProbe() {
    }

    /** One configuration: how the dictionary is made and how the context compresses. */
    private record Config(String name, int dictBytes, int samples, boolean legacy, boolean raw, int level,
            int minMatch, int strategy, int targetLength) {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String filter = args.length > 2 ? args[2] : "";
        byte[][] values = new byte[n][];
        long raw = 0;
        for (int i = 0; i < n; i++) {
            values[i] = JsonValues.json(i);
            raw += values[i].length;
        }
        List<Config> configs = new ArrayList<>();
        // the engine today: 16 KiB trained from ~490 values, level 3
        configs.add(new Config("engine: 16K dict, 490 samples, L3", 16 << 10, 490, false, false, 3, 0, 0, 0));
        for (int kib : new int[] {16, 32, 64, 110}) {
            for (int s : new int[] {2_000, 10_000}) {
                configs.add(new Config(kib + "K dict, " + s + " samples, L3", kib << 10, s, false, false, 3, 0, 0, 0));
            }
        }
        configs.add(new Config("16K dict legacy trainer, 2000 samples, L3", 16 << 10, 2_000, true, false, 3, 0, 0, 0));
        configs.add(new Config("64K dict legacy trainer, 10000 samples, L3", 64 << 10, 10_000, true, false, 3, 0, 0,
                0));
        configs.add(new Config("16K raw content (samples), L3", 16 << 10, 2_000, false, true, 3, 0, 0, 0));
        configs.add(new Config("64K raw content (samples), L3", 64 << 10, 10_000, false, true, 3, 0, 0, 0));
        for (int mm : new int[] {4, 5, 6, 7}) {
            configs.add(new Config("16K dict, 490 samples, L3 minMatch " + mm, 16 << 10, 490, false, false, 3, mm, 0,
                    0));
        }
        for (int mm : new int[] {5, 7}) {
            configs.add(new Config("64K dict, 10000 samples, L3 minMatch " + mm, 64 << 10, 10_000, false, false, 3,
                    mm, 0, 0));
        }
        // strategy fast with targetLength > 0: zstd then stores literals uncompressed (as negative levels do)
        for (int mm : new int[] {3, 5, 7}) {
            configs.add(new Config("16K dict per-context, 490 samples, L3 minMatch " + mm, 16 << 10, 490, false,
                    false, 3, mm, 0, 0));
        }
        configs.add(new Config("16K dict, 490 samples, fast, raw literals", 16 << 10, 490, false, false, 1, 0, 1,
                1));
        configs.add(new Config("64K dict, 10000 samples, fast, raw literals", 64 << 10, 10_000, false, false, 1, 0,
                1, 1));
        configs.add(new Config("16K dict, 490 samples, L1", 16 << 10, 490, false, false, 1, 0, 0, 0));
        configs.add(new Config("16K dict, 490 samples, L9 (lazy2)", 16 << 10, 490, false, false, 9, 0, 0, 0));
        configs.add(new Config("64K dict, 10000 samples, L9 (lazy2)", 64 << 10, 10_000, false, false, 9, 0, 0, 0));

        floor(values);
        if (filter.isEmpty() || filter.contains("others")) {
            others(values, raw, passes);
        }
        System.out.printf(Locale.ROOT, "%d values, %d B raw (%.0f B each), %d passes, median pass%n", n, raw,
                (double) raw / n, passes);
        System.out.printf(Locale.ROOT, "%-48s %7s %7s %9s %9s %9s%n", "config", "dict B", "ratio", "comp us",
                "decomp us", "train s");
        for (Config c : configs) {
            if (!Pattern.compile(filter).matcher(c.name()).find()) {
                continue;
            }
            run(c, values, raw, passes);
        }
    }

    /**
     * The floor under any zstd-jni decompression of a value: a frame of one stored (raw) block of each value's
     * length (decoding is a copy), and a 16-byte frame: JNI call, array pinning and frame set-up.
     */
    private static void floor(byte[][] values) {
        ZstdCompressCtx cctx = new ZstdCompressCtx().setLevel(1).setMagicless(true).setChecksum(false)
                .setContentSize(false).setDictID(false);
        ZstdDecompressCtx dctx = new ZstdDecompressCtx().setMagicless(true);
        int n = values.length;
        byte[][] packed = new byte[n][];
        byte[] out = new byte[1024];
        for (int i = 0; i < n; i++) {
            byte[] rnd = JsonValues.random(i, values[i].length);
            int len = cctx.compressByteArray(out, 0, out.length, rnd, 0, rnd.length);
            packed[i] = Arrays.copyOf(out, len);
        }
        byte[] small = JsonValues.random(1, 16);
        int smallLen = cctx.compressByteArray(out, 0, out.length, small, 0, small.length);
        byte[] smallPacked = Arrays.copyOf(out, smallLen);
        byte[] back = new byte[1024];
        for (int p = 0; p < 3; p++) {
            long cpu = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                dctx.decompressByteArray(back, 0, values[i].length, packed[i], 0, packed[i].length);
            }
            long stored = MX.getCurrentThreadCpuTime() - cpu;
            cpu = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                dctx.decompressByteArray(back, 0, 16, smallPacked, 0, smallPacked.length);
            }
            long tiny = MX.getCurrentThreadCpuTime() - cpu;
            cpu = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                int k = i & 63;
                dctx.decompressByteArray(back, 0, values[k].length, packed[k], 0, packed[k].length);
            }
            long hot = MX.getCurrentThreadCpuTime() - cpu;
            System.out.printf(Locale.ROOT, "floor pass %d: stored block of the value's length %.3f us (the same 64"
                    + " values, in cache: %.3f us), 16-byte frame %.3f us%n", p, stored / 1e3 / n, hot / 1e3 / n,
                    tiny / 1e3 / n);
        }
        cctx.close();
        dctx.close();
    }

    /**
     * The codecs without a dictionary API, per value, for reference: aircompressor's pure-Java zstd and LZ4 and
     * lz4-java's JNI LZ4 (none of them can take a dictionary, so their ratio on single values is what it is).
     */
    private static void others(byte[][] values, long raw, int passes) {
        LZ4SafeDecompressor jniLz4 = LZ4Factory.nativeInstance().safeDecompressor();
        LZ4Compressor jniLz4c = LZ4Factory.nativeInstance().fastCompressor();
        Object[][] codecs = {
            {"aircompressor zstd (pure Java, no dict)", new ZstdCompressor(), new ZstdDecompressor()},
            {"aircompressor lz4 (pure Java, no dict)", new Lz4Compressor(), new Lz4Decompressor()},
            {"lz4-java lz4 (JNI, no dict)", null, null},
        };
        int n = values.length;
        for (Object[] codec : codecs) {
            Compressor comp = (Compressor) codec[1];
            Decompressor dec = (Decompressor) codec[2];
            byte[][] packed = new byte[n][];
            byte[] out = new byte[2048];
            long stored = 0;
            double[] cs = new double[passes];
            for (int p = -1; p < passes; p++) {
                long cpu = MX.getCurrentThreadCpuTime();
                stored = 0;
                for (int i = 0; i < n; i++) {
                    int len = comp != null ? comp.compress(values[i], 0, values[i].length, out, 0, out.length)
                            : jniLz4c.compress(values[i], 0, values[i].length, out, 0, out.length);
                    stored += len;
                    if (p == passes - 1) {
                        packed[i] = Arrays.copyOf(out, len);
                    }
                }
                if (p >= 0) {
                    cs[p] = (MX.getCurrentThreadCpuTime() - cpu) / 1e3 / n;
                }
            }
            byte[] back = new byte[1024];
            double[] ds = new double[passes];
            double[] hot = new double[passes];
            for (int p = -1; p < passes; p++) {
                long cpu = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    if (dec != null) {
                        dec.decompress(packed[i], 0, packed[i].length, back, 0, back.length);
                    } else {
                        jniLz4.decompress(packed[i], 0, packed[i].length, back, 0, back.length);
                    }
                }
                long mid = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    int k = i & 63;
                    if (dec != null) {
                        dec.decompress(packed[k], 0, packed[k].length, back, 0, back.length);
                    } else {
                        jniLz4.decompress(packed[k], 0, packed[k].length, back, 0, back.length);
                    }
                }
                if (p >= 0) {
                    ds[p] = (mid - cpu) / 1e3 / n;
                    hot[p] = (MX.getCurrentThreadCpuTime() - mid) / 1e3 / n;
                }
            }
            Arrays.sort(cs);
            Arrays.sort(ds);
            Arrays.sort(hot);
            System.out.printf(Locale.ROOT, "%-48s %7s %7.3f %9.3f %9.3f %9s  hot %.3f%n", codec[0], "-",
                    (double) stored / raw, cs[passes / 2], ds[passes / 2], "-", hot[passes / 2]);
        }
    }

    private static byte[] dictionary(Config c) {
        byte[][] samples = new byte[c.samples()][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = JsonValues.json(SAMPLE_BASE + i);
        }
        if (c.raw()) {
            // raw content: the last samples that fit (zstd looks back from the end of a prefix)
            byte[] d = new byte[c.dictBytes()];
            int pos = d.length;
            for (int i = 0; i < samples.length && pos > samples[i].length; i++) {
                pos -= samples[i].length;
                System.arraycopy(samples[i], 0, d, pos, samples[i].length);
            }
            return Arrays.copyOfRange(d, pos, d.length);
        }
        byte[] buf = new byte[c.dictBytes()];
        long len = Zstd.trainFromBuffer(samples, buf, c.legacy(), c.level());
        if (Zstd.isError(len)) {
            throw new IllegalStateException("training failed: " + Zstd.getErrorName(len));
        }
        return Arrays.copyOf(buf, (int) len);
    }

    private static void run(Config c, byte[][] values, long raw, int passes) {
        long t0 = System.nanoTime();
        byte[] dict = dictionary(c);
        double trainS = (System.nanoTime() - t0) / 1e9;
        ZstdDictContentType type = c.raw() ? ZstdDictContentType.RAW_CONTENT : ZstdDictContentType.FULL_DICT;
        ZstdDictCompress cd = new ZstdDictCompress(dict, 0, dict.length, c.level(), type);
        ZstdDictDecompress dd = new ZstdDictDecompress(dict, 0, dict.length, type);
        ZstdCompressCtx cctx = new ZstdCompressCtx().setLevel(c.level()).setMagicless(true).setChecksum(false)
                .setContentSize(false).setDictID(false);
        if (c.minMatch() > 0) {
            cctx.setMinMatch(c.minMatch());
        }
        if (c.strategy() > 0) {
            cctx.setStrategy(c.strategy());
            cctx.setTargetLength(c.targetLength());
        }
        if (c.name().contains("per-context")) {
            cctx.loadDict(dict, type); // digested with this context's parameters (minMatch applies to the dictionary)
        } else {
            cctx.loadDict(cd);
        }
        ZstdDecompressCtx dctx = new ZstdDecompressCtx().setMagicless(true).loadDict(dd);
        int n = values.length;
        byte[][] packed = new byte[n][];
        byte[] out = new byte[1024];
        long stored = 0;
        double[] comp = new double[passes];
        for (int p = -1; p < passes; p++) {
            long cpu = MX.getCurrentThreadCpuTime();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += cctx.compressByteArray(out, 0, out.length, values[i], 0, values[i].length);
            }
            cpu = MX.getCurrentThreadCpuTime() - cpu;
            if (p >= 0) {
                comp[p] = cpu / 1e3 / n;
            }
            stored = sum;
        }
        for (int i = 0; i < n; i++) {
            int len = cctx.compressByteArray(out, 0, out.length, values[i], 0, values[i].length);
            packed[i] = Arrays.copyOf(out, len);
        }
        double[] dec = new double[passes];
        byte[] back = new byte[1024];
        long check = 0;
        for (int p = -1; p < passes; p++) {
            long cpu = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                int len = dctx.decompressByteArray(back, 0, values[i].length, packed[i], 0, packed[i].length);
                check += len + back[len - 1];
            }
            cpu = MX.getCurrentThreadCpuTime() - cpu;
            if (p >= 0) {
                dec[p] = cpu / 1e3 / n;
            }
        }
        double[] hot = new double[passes];
        for (int p = 0; p < passes; p++) {
            long cpu = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                int k = i & 63;
                int len = dctx.decompressByteArray(back, 0, values[k].length, packed[k], 0, packed[k].length);
                check += len + back[len - 1];
            }
            hot[p] = (MX.getCurrentThreadCpuTime() - cpu) / 1e3 / n;
        }
        Arrays.sort(hot);
        for (int i = 0; i < n; i += 97) {
            int len = dctx.decompressByteArray(back, 0, values[i].length, packed[i], 0, packed[i].length);
            if (!Arrays.equals(back, 0, len, values[i], 0, values[i].length)) {
                throw new IllegalStateException(c.name() + ": round trip failed at " + i);
            }
        }
        Arrays.sort(comp);
        Arrays.sort(dec);
        System.out.printf(Locale.ROOT, "%-48s %7d %7.3f %9.3f %9.3f %9.2f  [comp %.3f-%.3f, decomp %.3f-%.3f] hot %.3f %d%n",
                c.name(), dict.length, (double) stored / raw, comp[passes / 2], dec[passes / 2], trainS, comp[0],
                comp[passes - 1], dec[0], dec[passes - 1], hot[passes / 2], check & 1);
        cctx.close();
        dctx.close();
        cd.close();
        dd.close();
    }
}
