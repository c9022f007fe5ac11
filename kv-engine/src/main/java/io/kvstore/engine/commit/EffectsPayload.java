package io.kvstore.engine.commit;

import io.kvstore.engine.io.Varints;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.wal.WalOp;
import java.util.List;

/**
 * Encodes a request's effects as a WAL BATCH payload (the format of {@link io.kvstore.engine.wal.WalBatch}, byte
 * for byte what {@code WalBatch.encodePayload} gives for the same ops) straight into the log's buffer: a PUT is
 * copied out of its entry record, whose header already holds the creation time and update delta in the log's
 * varint encoding, so a row is encoded once (into its record) and then mostly copied. The record's first field
 * is {@code keyLength << 2 | compressed << 1 | hasExpiry} (entry record version 3); the log takes the plain key
 * length, and, when any PUT of the batch has an expiry, the batch flag {@code EXPIRY} and an expiry varint per
 * PUT; when any value is stored compressed, the flag {@code ENCODING} and an encoding byte per PUT, with the
 * value copied as stored (compressed values go to the log compressed).
 *
 * <p>Effects are those of {@link WriteRequest#effects}: a {@code byte[]} record (PUT), a {@link ByteKey}
 * (DELETE) or a {@link CommitPipeline.Evicted} (EVICT, or EXPIRE when {@code expired}). Stateless.
 */
final class EffectsPayload {
    /** WalBatch's flag bit for PUT ops carrying an expiry time. */
    private static final int FLAG_EXPIRY = 2;
    /** WalBatch's flag bit for PUT ops carrying an encoding byte (some value is compressed). */
    private static final int FLAG_ENCODING = 1;

    private EffectsPayload() {
    }

    /** The batch flags {@code effects} need: EXPIRY if any PUT has an expiry, ENCODING if any is compressed. */
    private static int flags(List<Object> effects) {
        int flags = 0;
        for (Object e : effects) {
            if (e instanceof byte[] rec) {
                flags |= (rec[0] & 1) != 0 ? FLAG_EXPIRY : 0;
                flags |= (rec[0] & 2) != 0 ? FLAG_ENCODING : 0;
            }
        }
        return flags;
    }

    /** The payload's size in bytes (a long: the caller checks it against the log's record limit). */
    static long size(List<Object> effects) {
        int flags = flags(effects);
        boolean expiry = (flags & FLAG_EXPIRY) != 0;
        boolean encoding = (flags & FLAG_ENCODING) != 0;
        long size = 1 + Varints.size(effects.size());
        for (Object e : effects) {
            if (e instanceof byte[] rec) {
                int keyMetaEnd = Varints.end(rec, 0);
                int versionEnd = Varints.end(rec, keyMetaEnd);
                int keyOffset = EntryRecord.keyOffset(rec);
                int keyLength = EntryRecord.keyLength(rec);
                int valueLength = EntryRecord.valueEnd(rec) - keyOffset - keyLength;
                // kind, key length, key, created and delta (as in the record), [expiry], value length, value
                size += 1 + Varints.size(keyLength) + keyLength + (keyOffset - versionEnd)
                        + (expiry ? Varints.size(EntryRecord.expiresMillis(rec)) : 0)
                        + (encoding ? 1 : 0) + Varints.size(valueLength) + (long) valueLength;
            } else {
                byte[] key = key(e);
                size += 1 + Varints.size(key.length) + (long) key.length;
            }
        }
        return size;
    }

    /** Writes the payload of {@code effects} at {@code buf[p]}; {@code buf} has room for {@link #size}. */
    static void encode(List<Object> effects, byte[] buf, int p) {
        int flags = flags(effects);
        boolean expiry = (flags & FLAG_EXPIRY) != 0;
        boolean encoding = (flags & FLAG_ENCODING) != 0;
        buf[p++] = (byte) flags;
        p = Varints.write(buf, p, effects.size());
        for (Object e : effects) {
            if (e instanceof byte[] rec) {
                int keyMetaEnd = Varints.end(rec, 0);
                int versionEnd = Varints.end(rec, keyMetaEnd);
                int keyOffset = EntryRecord.keyOffset(rec);
                int keyLength = EntryRecord.keyLength(rec);
                int valueOffset = keyOffset + keyLength;
                int valueLength = EntryRecord.valueEnd(rec) - valueOffset;
                buf[p++] = WalOp.PUT;
                p = Varints.write(buf, p, keyLength);
                System.arraycopy(rec, keyOffset, buf, p, keyLength);
                p += keyLength;
                System.arraycopy(rec, versionEnd, buf, p, keyOffset - versionEnd);
                p += keyOffset - versionEnd;
                if (expiry) {
                    p = Varints.write(buf, p, EntryRecord.expiresMillis(rec));
                }
                if (encoding) {
                    buf[p++] = (byte) (EntryRecord.isCompressed(rec) ? 1 : 0); // 1: the stored bytes are compressed
                }
                p = Varints.write(buf, p, valueLength);
                System.arraycopy(rec, valueOffset, buf, p, valueLength);
                p += valueLength;
            } else {
                byte[] key = key(e);
                buf[p++] = e instanceof CommitPipeline.Evicted ev ? (ev.expired() ? WalOp.EXPIRE : WalOp.EVICT)
                        : WalOp.DELETE;
                p = Varints.write(buf, p, key.length);
                System.arraycopy(key, 0, buf, p, key.length);
                p += key.length;
            }
        }
    }

    /** The key of a DELETE, EVICT or EXPIRE effect. */
    private static byte[] key(Object e) {
        return e instanceof CommitPipeline.Evicted ev ? ev.key().bytes() : ((ByteKey) e).bytes();
    }

    /** The key of any effect (a copy for a record). */
    static byte[] keyOf(Object e) {
        return e instanceof byte[] rec ? EntryRecord.key(rec) : key(e);
    }
}
