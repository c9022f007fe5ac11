package io.kvstore.engine.commit;

import io.kvstore.engine.io.Varints;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.wal.WalOp;
import java.util.List;

/**
 * Encodes a request's effects as a WAL BATCH payload (the format of {@link io.kvstore.engine.wal.WalBatch}, byte
 * for byte what {@code WalBatch.encodePayload} gives for the same ops) straight into the log's buffer: a PUT is
 * copied out of its entry record, whose header already holds the key length, creation time and update delta in
 * the log's varint encoding, so a row is encoded once (into its record) and then only copied.
 *
 * <p>Effects are those of {@link WriteRequest#effects}: a {@code byte[]} record (PUT), a {@link ByteKey}
 * (DELETE) or a {@link CommitPipeline.Evicted} (EVICT). Stateless.
 */
final class EffectsPayload {
    private EffectsPayload() {
    }

    /** The payload's size in bytes (a long: the caller checks it against the log's record limit). */
    static long size(List<Object> effects) {
        long size = 1 + Varints.size(effects.size());
        for (Object e : effects) {
            if (e instanceof byte[] rec) {
                int keyLenEnd = Varints.end(rec, 0);
                int versionEnd = Varints.end(rec, keyLenEnd);
                int keyOffset = EntryRecord.keyOffset(rec);
                int keyLength = EntryRecord.keyLength(rec);
                int valueLength = rec.length - keyOffset - keyLength;
                // kind, key length, key, created and delta (as in the record), value length, value
                size += 1 + keyLenEnd + keyLength + (keyOffset - versionEnd) + Varints.size(valueLength)
                        + (long) valueLength;
            } else {
                byte[] key = key(e);
                size += 1 + Varints.size(key.length) + (long) key.length;
            }
        }
        return size;
    }

    /** Writes the payload of {@code effects} at {@code buf[p]}; {@code buf} has room for {@link #size}. */
    static void encode(List<Object> effects, byte[] buf, int p) {
        buf[p++] = 0; // flags
        p = Varints.write(buf, p, effects.size());
        for (Object e : effects) {
            if (e instanceof byte[] rec) {
                int keyLenEnd = Varints.end(rec, 0);
                int versionEnd = Varints.end(rec, keyLenEnd);
                int keyOffset = EntryRecord.keyOffset(rec);
                int keyLength = EntryRecord.keyLength(rec);
                int valueOffset = keyOffset + keyLength;
                int valueLength = rec.length - valueOffset;
                buf[p++] = WalOp.PUT;
                System.arraycopy(rec, 0, buf, p, keyLenEnd);
                p += keyLenEnd;
                System.arraycopy(rec, keyOffset, buf, p, keyLength);
                p += keyLength;
                System.arraycopy(rec, versionEnd, buf, p, keyOffset - versionEnd);
                p += keyOffset - versionEnd;
                p = Varints.write(buf, p, valueLength);
                System.arraycopy(rec, valueOffset, buf, p, valueLength);
                p += valueLength;
            } else {
                byte[] key = key(e);
                buf[p++] = e instanceof CommitPipeline.Evicted ? WalOp.EVICT : WalOp.DELETE;
                p = Varints.write(buf, p, key.length);
                System.arraycopy(key, 0, buf, p, key.length);
                p += key.length;
            }
        }
    }

    /** The key of a DELETE or EVICT effect. */
    private static byte[] key(Object e) {
        return e instanceof CommitPipeline.Evicted ev ? ev.key().bytes() : ((ByteKey) e).bytes();
    }

    /** The key of any effect (a copy for a record). */
    static byte[] keyOf(Object e) {
        return e instanceof byte[] rec ? EntryRecord.key(rec) : key(e);
    }
}
