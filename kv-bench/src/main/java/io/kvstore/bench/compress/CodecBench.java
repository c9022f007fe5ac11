package io.kvstore.bench.compress;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictTrainer;
import io.kvstore.engine.codec.Codec;
import io.kvstore.engine.codec.Codecs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Codec candidates measured on the benchmark's JSON values, one at a time (as the table keeps them) and in 64 KiB
 * blocks (as snapshots write them): aircompressor (pure Java, what the engine uses) against lz4-java and
 * zstd-jni (JNI, bench dependencies only), plus zstd-jni with a dictionary trained on other values of the same
 * data set. Single-threaded, in this JVM, best of five passes; not a JMH benchmark, so compare rows of one run.
 */
final class CodecBench {
    /** One candidate: compress and decompress with exact lengths. */
    interface Candidate {
        String name();

        int bound(int n);

        int compress(byte[] src, int off, int len, byte[] dst);

        void decompress(byte[] src, int len, byte[] dst, int rawLen);
    }

    record Row(String codec, String input, double ratio, double compressNs, double decompressNs, double compressMBs,
               double decompressMBs) {
    }

    private final PrintStream out;

    CodecBench(PrintStream out) {
        this.out = out;
    }

    static Candidate engine(String name) {
        Codec c = Codecs.byName(name);
        return new Candidate() {
            public String name() {
                return "aircompressor " + name + " (pure Java)";
            }

            public int bound(int n) {
                return c.maxCompressedLength(n);
            }

            public int compress(byte[] src, int off, int len, byte[] dst) {
                return c.compress(src, off, len, dst, 0);
            }

            public void decompress(byte[] src, int len, byte[] dst, int rawLen) {
                c.decompress(src, 0, len, dst, 0, rawLen);
            }
        };
    }

    static Candidate lz4Java(boolean jni) {
        LZ4Factory f = jni ? LZ4Factory.fastestInstance() : LZ4Factory.safeInstance();
        LZ4Compressor c = f.fastCompressor();
        LZ4FastDecompressor d = f.fastDecompressor();
        return new Candidate() {
            public String name() {
                return jni ? "lz4-java (JNI)" : "lz4-java (safe Java)";
            }

            public int bound(int n) {
                return c.maxCompressedLength(n);
            }

            public int compress(byte[] src, int off, int len, byte[] dst) {
                return c.compress(src, off, len, dst, 0, dst.length);
            }

            public void decompress(byte[] src, int len, byte[] dst, int rawLen) {
                d.decompress(src, 0, dst, 0, rawLen);
            }
        };
    }

    static Candidate zstdJni(int level, byte[] dict) {
        ZstdCompressCtx c = new ZstdCompressCtx();
        c.setLevel(level);
        ZstdDecompressCtx d = new ZstdDecompressCtx();
        if (dict != null) {
            c.loadDict(dict);
            d.loadDict(dict);
        }
        return new Candidate() {
            public String name() {
                return "zstd-jni level " + level + (dict == null ? "" : " + " + dict.length / 1024 + " KiB dictionary");
            }

            public int bound(int n) {
                return n + (n >>> 7) + 128;
            }

            public int compress(byte[] src, int off, int len, byte[] dst) {
                return c.compressByteArray(dst, 0, dst.length, src, off, len);
            }

            public void decompress(byte[] src, int len, byte[] dst, int rawLen) {
                d.decompressByteArray(dst, 0, rawLen, src, 0, len);
            }
        };
    }

    /** Runs every candidate on single values and on 64 KiB blocks of {@code values}. */
    List<Row> run(List<byte[]> values, List<byte[]> trainingSamples) {
        ZstdDictTrainer trainer = new ZstdDictTrainer(4 << 20, 16 << 10);
        for (byte[] s : trainingSamples) {
            trainer.addSample(s);
        }
        byte[] dict = trainer.trainSamples();
        List<Candidate> all = new ArrayList<>(List.of(engine("lz4"), engine("zstd"), lz4Java(true), lz4Java(false),
                zstdJni(1, null), zstdJni(3, null), zstdJni(3, dict)));
        List<byte[]> blocks = blocks(values, 64 << 10);
        List<Row> rows = new ArrayList<>();
        for (Candidate c : all) {
            rows.add(measure(c, values, "single ~400 B values"));
            if (!c.name().contains("dictionary")) {
                rows.add(measure(c, blocks, "64 KiB blocks"));
            }
        }
        return rows;
    }

    /**
     * What the compression policy costs a write of an incompressible value: ns per
     * {@link io.kvstore.engine.codec.ValueCompression#compressOrNull} call on random 100-byte values (the sample
     * check rejects them before any compression), against what compressing them would cost.
     */
    List<String> skipCost() {
        List<byte[]> random = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            random.add(JsonValues.random(i, 100));
        }
        List<String> lines = new ArrayList<>();
        for (String name : List.of("lz4", "zstd")) {
            io.kvstore.engine.codec.ValueCompression policy = io.kvstore.engine.codec.ValueCompression.of(name, 64);
            Codec codec = Codecs.byName(name);
            byte[] dst = new byte[codec.maxCompressedLength(100) + 16];
            long bestSkip = Long.MAX_VALUE;
            long bestTry = Long.MAX_VALUE;
            int kept = 0;
            for (int pass = 0; pass < 5; pass++) {
                long t0 = System.nanoTime();
                for (byte[] v : random) {
                    kept += policy.compressOrNull(v) == null ? 0 : 1;
                }
                long t1 = System.nanoTime();
                for (byte[] v : random) {
                    codec.compress(v, 0, v.length, dst, 0);
                }
                long t2 = System.nanoTime();
                bestSkip = Math.min(bestSkip, t1 - t0);
                bestTry = Math.min(bestTry, t2 - t1);
            }
            String line = String.format(java.util.Locale.ROOT, "%s: the policy decides in %.0f ns per random 100 B value "
                    + "(%d of %d compressed), compressing it anyway would cost %.0f ns", name,
                    (double) bestSkip / random.size(), kept / 5, random.size(), (double) bestTry / random.size());
            out.println("[compression] " + line);
            lines.add(line);
        }
        return lines;
    }

    private static List<byte[]> blocks(List<byte[]> values, int size) {
        List<byte[]> blocks = new ArrayList<>();
        byte[] cur = new byte[size];
        int n = 0;
        for (byte[] v : values) {
            if (n + v.length > size) {
                blocks.add(Arrays.copyOf(cur, n));
                n = 0;
            }
            System.arraycopy(v, 0, cur, n, v.length);
            n += v.length;
        }
        if (n > 0) {
            blocks.add(Arrays.copyOf(cur, n));
        }
        return blocks;
    }

    private Row measure(Candidate c, List<byte[]> inputs, String what) {
        int max = inputs.stream().mapToInt(b -> b.length).max().orElse(0);
        byte[] dst = new byte[c.bound(max) + 64];
        byte[][] packed = new byte[inputs.size()][];
        long raw = 0;
        long stored = 0;
        for (int i = 0; i < inputs.size(); i++) {
            byte[] v = inputs.get(i);
            int n = c.compress(v, 0, v.length, dst);
            packed[i] = Arrays.copyOf(dst, n);
            raw += v.length;
            stored += n;
        }
        byte[] back = new byte[max];
        long bestC = Long.MAX_VALUE;
        long bestD = Long.MAX_VALUE;
        for (int pass = 0; pass < 5; pass++) {
            long t0 = System.nanoTime();
            for (byte[] v : inputs) {
                c.compress(v, 0, v.length, dst);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < packed.length; i++) {
                c.decompress(packed[i], packed[i].length, back, inputs.get(i).length);
            }
            long t2 = System.nanoTime();
            bestC = Math.min(bestC, t1 - t0);
            bestD = Math.min(bestD, t2 - t1);
        }
        for (int i = 0; i < packed.length; i += 97) { // spot check
            c.decompress(packed[i], packed[i].length, back, inputs.get(i).length);
            if (!Arrays.equals(back, 0, inputs.get(i).length, inputs.get(i), 0, inputs.get(i).length)) {
                throw new IllegalStateException(c.name() + " did not round-trip input " + i);
            }
        }
        Row r = new Row(c.name(), what, (double) stored / raw, (double) bestC / inputs.size(),
                (double) bestD / inputs.size(), raw * 1e3 / bestC, raw * 1e3 / bestD);
        out.printf("[compression] %-40s %-22s ratio %.3f  compress %8.0f ns (%5.0f MB/s)  decompress %8.0f ns (%5.0f MB/s)%n",
                r.codec(), r.input(), r.ratio(), r.compressNs(), r.compressMBs(), r.decompressNs(), r.decompressMBs());
        return r;
    }

    /** Sizes of the codec jars in the local Maven repository (what a driver jar would have to carry). */
    static List<String> jarSizes() {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        List<String> lines = new ArrayList<>();
        for (String[] jar : new String[][] {
            {"io/airlift/aircompressor/2.0.3/aircompressor-2.0.3.jar", "aircompressor 2.0.3 (pure Java)"},
            {"at/yawk/lz4/lz4-java/1.14.1/lz4-java-1.14.1.jar", "lz4-java 1.14.1 (JNI, natives for 7 platforms inside)"},
            {"com/github/luben/zstd-jni/1.5.7-28/zstd-jni-1.5.7-28.jar", "zstd-jni 1.5.7-28 (JNI, natives for ~20 platforms inside)"}}) {
            Path p = m2.resolve(jar[0]);
            try {
                lines.add(String.format("%s: %,d bytes", jar[1], Files.size(p)));
            } catch (java.io.IOException e) {
                lines.add(jar[1] + ": not in the local repository");
            }
        }
        return lines;
    }
}
