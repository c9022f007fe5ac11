package io.kvstore.engine.wal;

import io.kvstore.engine.io.Varints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of one WAL record: every change of one transaction, applied all or nothing. Its LSN becomes the
 * version of every entry it writes. Encoding (docs/format/wal.md, "BATCH payload"):
 *
 * <pre>
 * flags u8 | op count varint | op*
 * op: kind u8 | key length varint | key | for PUT: createdMillis varint | zigzag(updated - created) varint
 *                                            | [expiresMillis varint, only with flag EXPIRY]
 *                                            | [encoding u8, only with flag ENCODING]
 *                                            | value length varint | value
 * </pre>
 *
 * Flags: bit 1 ({@code EXPIRY}, format version 2) means every PUT op carries its expiry time (0: none); it is set
 * only when some PUT of the batch has an expiry, so a batch without one is encoded exactly as in version 1. Op kind
 * 4 ({@link WalOp#EXPIRE}) is version 2 as well. Bit 0 ({@code ENCODING}, format version 3) means every PUT op
 * carries an encoding byte: 0 for a plain value, 1 for a compressed one (the value bytes are then the encoded
 * form of {@link io.kvstore.engine.codec.ValueCompression}); it is set only when some PUT of the batch is
 * compressed.
 *
 * Stateless and thread-safe.
 */
public record WalBatch(long lsn, List<WalOp> ops) {
    /** Flag bit: PUT ops carry an encoding byte (format version 3). */
    static final int FLAG_ENCODING = 1;
    /** Encoding byte of a PUT whose value is compressed. */
    static final int ENCODING_COMPRESSED = 1;
    /** Flag bit: PUT ops carry an expiry time (format version 2). */
    static final int FLAG_EXPIRY = 2;

    /**
     * Encodes {@code ops} as a record payload.
     *
     * @throws IllegalArgumentException an op of unknown kind, or a PUT without a value
     */
    public static byte[] encodePayload(List<WalOp> ops) {
        boolean expiry = false;
        boolean encoding = false;
        for (WalOp op : ops) {
            if (op.kind() == WalOp.PUT) {
                expiry |= op.expiresMillis() != 0;
                encoding |= op.compressed();
            }
        }
        long size = 1 + Varints.size(ops.size());
        for (WalOp op : ops) {
            size += encodedSize(op, expiry) + (encoding && op.kind() == WalOp.PUT ? 1 : 0);
        }
        if (size > WalFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("batch too large for one WAL record: " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        out[0] = (byte) ((expiry ? FLAG_EXPIRY : 0) | (encoding ? FLAG_ENCODING : 0)); // flags
        int p = Varints.write(out, 1, ops.size());
        for (WalOp op : ops) {
            out[p++] = op.kind();
            p = Varints.write(out, p, op.key().length);
            System.arraycopy(op.key(), 0, out, p, op.key().length);
            p += op.key().length;
            if (op.kind() == WalOp.PUT) {
                p = Varints.write(out, p, op.createdMillis());
                p = Varints.write(out, p, Varints.zigzag(op.updatedMillis() - op.createdMillis()));
                if (expiry) {
                    p = Varints.write(out, p, op.expiresMillis());
                }
                if (encoding) {
                    out[p++] = (byte) (op.compressed() ? ENCODING_COMPRESSED : 0);
                }
                p = Varints.write(out, p, op.value().length);
                System.arraycopy(op.value(), 0, out, p, op.value().length);
                p += op.value().length;
            }
        }
        assert p == out.length;
        return out;
    }

    /** Decodes a payload; throws {@link IllegalArgumentException} if malformed. */
    public static WalBatch decode(long lsn, byte[] payload) {
        int limit = payload.length;
        if (limit < 1) {
            throw new IllegalArgumentException("empty batch payload");
        }
        int flags = payload[0] & 0xFF;
        if ((flags & ~(FLAG_EXPIRY | FLAG_ENCODING)) != 0) {
            throw new IllegalArgumentException("unsupported batch flags 0x" + Integer.toHexString(flags)
                    + "; this version reads only flags 0x1 (encoding) and 0x2 (expiry)");
        }
        boolean expiry = (flags & FLAG_EXPIRY) != 0;
        boolean encoding = (flags & FLAG_ENCODING) != 0;
        long count = Varints.read(payload, 1, limit);
        int p = Varints.end(payload, 1);
        if (count < 0 || count > (limit - p) / 2) { // every op takes at least 2 bytes
            throw new IllegalArgumentException("op count " + Long.toUnsignedString(count) + " does not fit in "
                    + (limit - p) + " bytes");
        }
        List<WalOp> ops = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            if (p >= limit) {
                throw new IllegalArgumentException("op " + i + " starts past the end of the payload");
            }
            byte kind = payload[p++];
            if (kind != WalOp.PUT && kind != WalOp.DELETE && kind != WalOp.EVICT && kind != WalOp.EXPIRE) {
                throw new IllegalArgumentException("op " + i + " has unknown kind " + kind);
            }
            long keyLen = Varints.read(payload, p, limit);
            p = Varints.end(payload, p);
            byte[] key = slice(payload, p, keyLen, "key of op " + i);
            p += key.length;
            if (kind != WalOp.PUT) {
                ops.add(new WalOp(kind, key, null, 0, 0));
                continue;
            }
            long created = Varints.read(payload, p, limit);
            p = Varints.end(payload, p);
            long delta = Varints.unzigzag(Varints.read(payload, p, limit));
            p = Varints.end(payload, p);
            long expires = 0;
            if (expiry) {
                expires = Varints.read(payload, p, limit);
                p = Varints.end(payload, p);
                if (expires < 0) {
                    throw new IllegalArgumentException("op " + i + " has a negative expiry time");
                }
            }
            boolean compressed = false;
            if (encoding) {
                if (p >= limit) {
                    throw new IllegalArgumentException("op " + i + ": encoding byte past the end");
                }
                int enc = payload[p++];
                if (enc != 0 && enc != ENCODING_COMPRESSED) {
                    throw new IllegalArgumentException("op " + i + " has unknown value encoding " + enc);
                }
                compressed = enc == ENCODING_COMPRESSED;
            }
            long valueLen = Varints.read(payload, p, limit);
            p = Varints.end(payload, p);
            byte[] value = slice(payload, p, valueLen, "value of op " + i);
            p += value.length;
            if (compressed && (value.length < 2 || !io.kvstore.engine.codec.ValueCompression.isValueCodec(value[0])
                    || (io.kvstore.engine.codec.ValueCompression.usesDictionary(value, 0) && value.length < 6))) {
                throw new IllegalArgumentException("op " + i + " has a malformed compressed value");
            }
            ops.add(new WalOp(WalOp.PUT, key, value, created, created + delta, expires, compressed));
        }
        if (p != limit) {
            throw new IllegalArgumentException((limit - p) + " trailing bytes after the last op");
        }
        return new WalBatch(lsn, List.copyOf(ops));
    }

    private static long encodedSize(WalOp op, boolean expiry) {
        byte kind = op.kind();
        long size = 1 + Varints.size(op.key().length) + (long) op.key().length;
        if (kind == WalOp.PUT) {
            if (op.value() == null) {
                throw new IllegalArgumentException("PUT without a value");
            }
            size += Varints.size(op.createdMillis())
                    + Varints.size(Varints.zigzag(op.updatedMillis() - op.createdMillis()))
                    + Varints.size(op.value().length) + (long) op.value().length
                    + (expiry ? Varints.size(op.expiresMillis()) : 0);
            if (op.expiresMillis() < 0) {
                throw new IllegalArgumentException("negative expiry time");
            }
        } else if (kind != WalOp.DELETE && kind != WalOp.EVICT && kind != WalOp.EXPIRE) {
            throw new IllegalArgumentException("unknown op kind " + kind);
        }
        return size;
    }

    private static byte[] slice(byte[] payload, int p, long len, String what) {
        if (len < 0 || len > payload.length - p) {
            throw new IllegalArgumentException(what + ": length " + Long.toUnsignedString(len) + " runs past the end");
        }
        return Arrays.copyOfRange(payload, p, p + (int) len);
    }
}
