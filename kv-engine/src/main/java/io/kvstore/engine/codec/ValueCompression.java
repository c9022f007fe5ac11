package io.kvstore.engine.codec;

import io.kvstore.engine.io.Varints;

/**
 * Which values a store keeps compressed, and the encoding of a compressed value (docs/format/snapshot.md,
 * "Compressed values"):
 *
 * <pre>
 *   codec id   u8       (1 = LZ4, 2 = zstd, 3 = zstd with a dictionary; see {@link Codecs})
 *   rawLength  varint   length of the plain value
 *   dictId     u32 LE   codec 3 only: the dictionary's id ({@link Dictionaries}, docs/format/dictionary.md)
 *   data       the rest: the codec's compressed form of the plain value (codec 3: a zstd frame without magic
 *              number, checksum, content size or dictionary id)
 * </pre>
 *
 * <p><b>zstd-dict.</b> With {@code compression=zstd-dict} values are compressed with a zstd dictionary trained on
 * the store's own values ({@link StoreDictionary}); until it exists they are stored plain. The option's policy
 * ({@link #of}) is per store only once {@link #bind bound} to a store, which gives it the store's dictionary or a
 * trainer for one; snapshot blocks of such a store use LZ4 ({@link #blockCodec}).
 *
 * <p>A value is compressed only if it is at least {@link #threshold()} bytes long, looks compressible (a sample of
 * its first bytes does not use too many distinct byte values: random bytes and already compressed media fail this
 * in well under a hundred nanoseconds, before any compression is tried), and the encoded form saves at least an eighth
 * of its length; otherwise it is stored plain. Which form a value took is recorded beside it (a flag bit of the
 * entry record, an encoding byte of a WAL op), so one store holds a mix, and any reader decodes both whatever
 * this policy says.
 *
 * <p>Immutable and thread-safe.
 */
public final class ValueCompression {
    /** Values shorter than this are never compressed by default: the codec's framing would eat the gain. */
    public static final int DEFAULT_THRESHOLD = 64;

    /** Compresses nothing. */
    public static final ValueCompression NONE = new ValueCompression(null, DEFAULT_THRESHOLD);

    /** Bytes of a value inspected by the compressibility check (its first ones). */
    static final int SAMPLE = 64;

    /** Bytes of the check's first stage, which turns most random values away ({@link #looksCompressible}). */
    static final int FIRST_STAGE = 32;

    /** The option name of the dictionary codec. */
    public static final String ZSTD_DICT = "zstd-dict";

    private final Codec codec;
    private final int threshold;
    /** Whether this is {@code zstd-dict} (then {@link #codec} is null). */
    private final boolean dictionary;
    private final int sampleBytes;
    /** The store's dictionary (or its trainer) once bound; null before and for other codecs. */
    private final StoreDictionary store;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[1024]);

    private ValueCompression(Codec codec, int threshold) {
        this(codec, threshold, false, StoreDictionary.DEFAULT_SAMPLE_BYTES, null);
    }

    private ValueCompression(Codec codec, int threshold, boolean dictionary, int sampleBytes,
                             StoreDictionary store) {
        this.codec = codec;
        this.threshold = threshold;
        this.dictionary = dictionary;
        this.sampleBytes = sampleBytes;
        this.store = store;
    }

    /**
     * The policy for the {@code compression} option value {@code name} ({@code none}, {@code lz4}, {@code zstd},
     * {@code zstd-dict}).
     *
     * @throws IllegalArgumentException an unknown name, a threshold below 16, or {@code zstd-dict} where zstd-jni's
     *     native library cannot load (the message says so)
     */
    public static ValueCompression of(String name, int threshold) {
        return of(name, threshold, StoreDictionary.DEFAULT_SAMPLE_BYTES);
    }

    /**
     * {@link #of(String, int)} with, for {@code zstd-dict}, the bytes of sample values its dictionary is trained
     * from ({@link StoreDictionary}; at least 4 KiB).
     */
    public static ValueCompression of(String name, int threshold, int dictionarySampleBytes) {
        if (threshold < 16) {
            throw new IllegalArgumentException("compression threshold must be >= 16: " + threshold);
        }
        if (dictionarySampleBytes < 4096) {
            throw new IllegalArgumentException("dictionary sample bytes must be >= 4096: " + dictionarySampleBytes);
        }
        if (ZSTD_DICT.equals(name.trim().toLowerCase(java.util.Locale.ROOT))) {
            ZstdNative.require("compression=" + ZSTD_DICT);
            return new ValueCompression(null, threshold, true, dictionarySampleBytes, null);
        }
        Codec c = Codecs.byName(name);
        return c == null && threshold == DEFAULT_THRESHOLD ? NONE : new ValueCompression(c, threshold);
    }

    /**
     * This policy for one store: for {@code zstd-dict}, with the store's dictionary {@code existing} or, when null,
     * a trainer that makes one durable through {@code sink} (null: an in-memory store); other policies are
     * returned as they are. Call {@link #close} when the store closes.
     */
    public ValueCompression bind(DictionarySink sink, ZstdDictionary existing) {
        if (!dictionary) {
            return this;
        }
        return new ValueCompression(null, threshold, true, sampleBytes,
                new StoreDictionary(sink, existing, sampleBytes));
    }

    /** Stops a bound {@code zstd-dict} policy's training (see {@link StoreDictionary#close}). */
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * The codec new values are compressed with, or null if none (also for {@code zstd-dict}, whose codec needs a
     * dictionary: see {@link #blockCodec}).
     */
    public Codec codec() {
        return codec;
    }

    /** The codec snapshot blocks are compressed with, or null: the value codec, LZ4 for {@code zstd-dict}. */
    public Codec blockCodec() {
        return dictionary ? Codecs.byId(Codecs.LZ4) : codec;
    }

    /** The option name: {@code none}, {@code zstd-dict} or the codec's name. */
    public String name() {
        return dictionary ? ZSTD_DICT : codec == null ? "none" : codec.name();
    }

    public int threshold() {
        return threshold;
    }

    /** For {@code zstd-dict}: the bytes of sample values a dictionary is trained from. */
    public int dictionarySampleBytes() {
        return sampleBytes;
    }

    public boolean enabled() {
        return codec != null || dictionary;
    }

    /** Bytes of the dictionary a bound {@code zstd-dict} policy uses (0 if none yet, or another policy). */
    public long dictionaryBytes() {
        return store == null ? 0 : store.bytes();
    }

    /** Id of the dictionary a bound {@code zstd-dict} policy uses, or empty. */
    public java.util.OptionalInt dictionaryId() {
        ZstdDictionary d = store == null ? null : store.current();
        return d == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(d.id());
    }

    /**
     * For a bound {@code zstd-dict} policy: waits up to {@code millis} for a dictionary training in progress and
     * returns whether a dictionary is in use (for tests and tools; writers never wait).
     */
    public boolean awaitDictionary(long millis) throws InterruptedException {
        return store != null && store.awaitTraining(millis);
    }

    /** Why the latest dictionary training failed, or null. */
    public String dictionaryError() {
        return store == null ? null : store.lastError();
    }

    /**
     * The encoded (compressed) form of {@code value}, or null if it is to be stored plain: compression is off, the
     * value is short, it looks incompressible, or compressing saved less than an eighth.
     */
    public byte[] compressOrNull(byte[] value) {
        int len = value.length;
        if (!enabled() || len < threshold) {
            return null;
        }
        if (dictionary) {
            ZstdDictionary d = store == null ? null : store.current(); // one volatile read per value
            if (d == null && store != null) {
                store.seen(); // sampling: how many values look compressible decides whether to train
            }
            if (!looksCompressible(value, 0, Math.min(len, SAMPLE))) {
                return null;
            }
            if (d == null) {
                if (store != null) {
                    store.offer(value); // plain, and a training sample, until there is a dictionary
                }
                return null;
            }
            return compressWithDictionary(value, d);
        }
        if (!looksCompressible(value, 0, Math.min(len, SAMPLE))) {
            return null;
        }
        int header = 1 + Varints.size(len);
        int bound = header + codec.maxCompressedLength(len);
        byte[] buf = scratch.get();
        if (buf.length < bound) {
            buf = new byte[Math.max(bound, buf.length * 2)];
            scratch.set(buf);
        }
        int n = codec.compress(value, 0, len, buf, header);
        int total = header + n;
        if (total > len - (len >>> 3)) {
            return null;
        }
        buf[0] = (byte) codec.id();
        Varints.write(buf, 1, len);
        return java.util.Arrays.copyOf(buf, total);
    }

    /** {@link #compressOrNull} for {@code zstd-dict} once the store has its dictionary {@code d}. */
    private byte[] compressWithDictionary(byte[] value, ZstdDictionary d) {
        int len = value.length;
        int header = 1 + Varints.size(len) + 4;
        int bound = header + ZstdDictionary.maxCompressedLength(len);
        byte[] buf = scratch.get();
        if (buf.length < bound) {
            buf = new byte[Math.max(bound, buf.length * 2)];
            scratch.set(buf);
        }
        int n = d.compress(value, len, buf, header);
        int total = header + n;
        if (total > len - (len >>> 3)) {
            return null;
        }
        buf[0] = (byte) Codecs.ZSTD_DICT;
        int p = Varints.write(buf, 1, len);
        io.kvstore.engine.io.LittleEndian.putU32(buf, p, d.id() & 0xFFFFFFFFL);
        return java.util.Arrays.copyOf(buf, total);
    }

    /**
     * Per thread, the check's 256-bit set: a {@code new long[4]} indexed by byte value is never scalar-replaced by
     * the JIT (the indexes are not constants), which made 48 bytes of garbage per value checked.
     */
    private static final ThreadLocal<long[]> SEEN = ThreadLocal.withInitial(() -> new long[4]);

    /**
     * Whether {@code a[off, off + n)} ({@code n} at most {@link #SAMPLE}) uses few enough distinct byte values to be
     * worth compressing: at most 3/4 of {@code n} (random bytes: about 0.89 n at n = 64, so about 3 in 10,000
     * random values pass; JSON and text: well under half). Random input is mostly turned away after its first
     * {@link #FIRST_STAGE} bytes already, when at most one in eight of them repeats an earlier one (random bytes: 30
     * distinct of 32 on average), so the check costs random values about 40 ns rather than 100-250 ns.
     */
    static boolean looksCompressible(byte[] a, int off, int n) {
        // a 256-bit set indexed without branches: a switch on the byte's top bits mispredicts on random input
        // (measured 2-3 us per 100 random bytes against 0.2-0.9 us for this, on the loaded 2-core machine); four
        // local words selected without branches measured slower (68 ns against 37 ns per random value)
        long[] seen = SEEN.get();
        seen[0] = 0;
        seen[1] = 0;
        seen[2] = 0;
        seen[3] = 0;
        int first = Math.min(n, FIRST_STAGE);
        int i = off;
        for (int end = off + first; i < end; i++) {
            int v = a[i] & 0xFF;
            seen[v >>> 6] |= 1L << v; // shifts use the low 6 bits
        }
        int distinct = Long.bitCount(seen[0]) + Long.bitCount(seen[1]) + Long.bitCount(seen[2])
                + Long.bitCount(seen[3]);
        if (distinct * 8 > first * 7) {
            return false;
        }
        for (int end = off + n; i < end; i++) {
            int v = a[i] & 0xFF;
            seen[v >>> 6] |= 1L << v;
        }
        distinct = Long.bitCount(seen[0]) + Long.bitCount(seen[1]) + Long.bitCount(seen[2]) + Long.bitCount(seen[3]);
        return distinct * 4 <= n * 3;
    }

    /**
     * The plain length of the encoded value {@code a[off, off + len)}.
     *
     * @throws IllegalArgumentException a malformed encoding
     */
    public static int rawLength(byte[] a, int off, int len) {
        long raw = Varints.read(a, off + 1, off + len);
        if (raw < 0 || raw > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("bad raw length " + raw + " of a compressed value");
        }
        return (int) raw;
    }

    /**
     * Decodes the encoded value {@code a[off, off + len)} into a new array.
     *
     * @throws IllegalArgumentException an unknown codec id or malformed data
     */
    public static byte[] decode(byte[] a, int off, int len) {
        if (len < 2) {
            throw new IllegalArgumentException("compressed value of " + len + " bytes");
        }
        int id = a[off] & 0xFF;
        int raw = rawLength(a, off, len);
        int data = Varints.end(a, off + 1);
        if (id == Codecs.ZSTD_DICT) {
            if (data + 4 > off + len) {
                throw new IllegalArgumentException("compressed value header runs past its end");
            }
            ZstdDictionary d = Dictionaries.get((int) io.kvstore.engine.io.LittleEndian.getU32(a, data));
            byte[] out = new byte[raw];
            d.decompress(a, data + 4, off + len - data - 4, out, raw);
            return out;
        }
        Codec c = Codecs.byId(id);
        if (data > off + len) {
            throw new IllegalArgumentException("compressed value header runs past its end");
        }
        byte[] out = new byte[raw];
        c.decompress(a, data, off + len - data, out, 0, raw);
        return out;
    }

    /**
     * The dictionary id of the encoded value {@code a[off, off + len)}, which was compressed with a dictionary
     * (codec 3: see {@link #usesDictionary}).
     *
     * @throws IllegalArgumentException a malformed encoding
     */
    public static int dictionaryId(byte[] a, int off, int len) {
        int data = Varints.end(a, off + 1);
        if (data + 4 > off + len) {
            throw new IllegalArgumentException("compressed value header runs past its end");
        }
        return (int) io.kvstore.engine.io.LittleEndian.getU32(a, data);
    }

    /** Whether the encoded value at {@code a[off]} was compressed with a dictionary (codec 3). */
    public static boolean usesDictionary(byte[] a, int off) {
        return (a[off] & 0xFF) == Codecs.ZSTD_DICT;
    }

    /** Whether {@code id} is a codec id a compressed value may carry (1 to 3). */
    public static boolean isValueCodec(int id) {
        return id >= Codecs.LZ4 && id <= Codecs.ZSTD_DICT;
    }

    @Override
    public String toString() {
        return !enabled() ? "none" : name() + " (values >= " + threshold + " B)";
    }
}
