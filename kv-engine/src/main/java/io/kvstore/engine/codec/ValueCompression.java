package io.kvstore.engine.codec;

import io.kvstore.engine.io.Varints;

/**
 * Which values a store keeps compressed, and the encoding of a compressed value (docs/format/snapshot.md,
 * "Compressed values"):
 *
 * <pre>
 *   codec id   u8       (1 = LZ4, 2 = zstd; see {@link Codecs})
 *   rawLength  varint   length of the plain value
 *   data       the rest: the codec's compressed form of the plain value
 * </pre>
 *
 * <p>A value is compressed only if it is at least {@link #threshold()} bytes long, looks compressible (a sample of
 * its first bytes does not use too many distinct byte values: random bytes and already compressed media fail this
 * in a few hundred nanoseconds, before any compression is tried), and the encoded form saves at least an eighth
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

    /** Bytes of a value inspected by the compressibility check. */
    static final int SAMPLE = 128;

    private final Codec codec;
    private final int threshold;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[1024]);

    private ValueCompression(Codec codec, int threshold) {
        this.codec = codec;
        this.threshold = threshold;
    }

    /**
     * The policy for the {@code compression} option value {@code name} ({@code none}, {@code lz4}, {@code zstd}).
     *
     * @throws IllegalArgumentException an unknown name or a threshold below 16
     */
    public static ValueCompression of(String name, int threshold) {
        if (threshold < 16) {
            throw new IllegalArgumentException("compression threshold must be >= 16: " + threshold);
        }
        Codec c = Codecs.byName(name);
        return c == null && threshold == DEFAULT_THRESHOLD ? NONE : new ValueCompression(c, threshold);
    }

    /** The codec new values are compressed with, or null if none. */
    public Codec codec() {
        return codec;
    }

    /** The option name: {@code none} or the codec's name. */
    public String name() {
        return codec == null ? "none" : codec.name();
    }

    public int threshold() {
        return threshold;
    }

    public boolean enabled() {
        return codec != null;
    }

    /**
     * The encoded (compressed) form of {@code value}, or null if it is to be stored plain: compression is off, the
     * value is short, it looks incompressible, or compressing saved less than an eighth.
     */
    public byte[] compressOrNull(byte[] value) {
        int len = value.length;
        if (codec == null || len < threshold || !looksCompressible(value, 0, Math.min(len, SAMPLE))) {
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

    /**
     * Whether {@code a[off, off + n)} uses few enough distinct byte values to be worth compressing: at most 3/4 of
     * {@code n} (random bytes: about 0.83 n at n = 128; JSON and text: well under half).
     */
    static boolean looksCompressible(byte[] a, int off, int n) {
        // a 256-bit set indexed without branches: a switch on the byte's top bits mispredicts on random input
        // (measured 2-3 us per 100 random bytes against 0.2-0.9 us for this, on the loaded 2-core machine)
        long[] seen = new long[4];
        for (int i = off, end = off + n; i < end; i++) {
            int v = a[i] & 0xFF;
            seen[v >>> 6] |= 1L << v; // shifts use the low 6 bits
        }
        int distinct = Long.bitCount(seen[0]) + Long.bitCount(seen[1]) + Long.bitCount(seen[2])
                + Long.bitCount(seen[3]);
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
        Codec c = Codecs.byId(a[off] & 0xFF);
        int raw = rawLength(a, off, len);
        int data = Varints.end(a, off + 1);
        if (data > off + len) {
            throw new IllegalArgumentException("compressed value header runs past its end");
        }
        byte[] out = new byte[raw];
        c.decompress(a, data, off + len - data, out, 0, raw);
        return out;
    }

    @Override
    public String toString() {
        return codec == null ? "none" : codec.name() + " (values >= " + threshold + " B)";
    }
}
