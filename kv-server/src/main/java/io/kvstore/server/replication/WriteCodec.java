package io.kvstore.server.replication;

import io.kvstore.server.keyspace.Write;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a group of writes as one Raft log entry's state machine data (docs/format/raft-entry.md): the
 * <em>results</em> of the commands (the new value and absolute expiry of each key, or its deletion), never the
 * commands themselves, so that applying an entry is deterministic and applying a suffix of the log again gives the
 * same state. Stateless and thread-safe.
 *
 * <pre>
 *   entry  = version:u8 (2)  term:i64  count:u32  write*count          (version 1: no term field)
 *   write  = kind:u8 (0 put, 1 delete)  keyLen:u32  key  [expires:i64  valueLen:u32  value]   (put only)
 * </pre>
 * All integers big-endian. Sequence numbers are the leader's own and are not encoded. {@code term} is the Raft
 * term of the leadership under which the leader evaluated the group: the state machine applies the entry only if
 * the log holds it with that same term ({@link Entry#appliesAt(long)}).
 */
public final class WriteCodec {
    /** The format version this class writes. */
    public static final int VERSION = 2;
    /** The first version, without a term (still read: such an entry always applies). */
    public static final int VERSION_1 = 1;
    /** The term of a version-1 entry, which has none. */
    public static final long NO_TERM = -1;

    /**
     * A decoded entry.
     *
     * @param term the term the leader evaluated the writes in, {@link #NO_TERM} for a version-1 entry
     * @param writes the writes, each with sequence number 0
     */
    public record Entry(long term, List<Write> writes) {
        /**
         * Whether the entry takes effect when the log holds it at {@code logTerm}: only in the term it was
         * evaluated in. An entry the leader evaluated under an earlier leadership of its own, which reached the log
         * only after it was elected again, is skipped on every node (it was computed on top of entries that the
         * intervening leader may have dropped).
         */
        public boolean appliesAt(long logTerm) {
            return term == NO_TERM || term == logTerm;
        }
    }
    private static final int PUT = 0;
    private static final int DELETE = 1;

    private WriteCodec() {
    }

    /**
     * The entry for {@code writes} evaluated in Raft term {@code term}, skipping read barriers
     * ({@link Write#isBarrier()}).
     */
    public static byte[] encode(long term, List<Write> writes) {
        int size = 13;
        for (Write w : writes) {
            size += 5 + w.key().length + (w.value() == null ? 0 : 12 + w.value().length);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(term);
            out.writeInt(countWrites(writes));
            for (Write w : writes) {
                if (w.isBarrier()) {
                    continue;
                }
                out.writeByte(w.value() == null ? DELETE : PUT);
                out.writeInt(w.key().length);
                out.write(w.key());
                if (w.value() != null) {
                    out.writeLong(w.expires());
                    out.writeInt(w.value().length);
                    out.write(w.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The number of real writes (not barriers) in {@code writes}. */
    public static int countWrites(List<Write> writes) {
        int n = 0;
        for (Write w : writes) {
            if (!w.isBarrier()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Decodes an entry of version 1 or 2; each write gets sequence number 0.
     *
     * @throws IllegalArgumentException an unknown version or a damaged entry
     */
    public static Entry decode(byte[] entry) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(entry))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != VERSION_1) {
                throw new IllegalArgumentException("raft entry version " + version + " is not supported (expected "
                        + VERSION_1 + " or " + VERSION + ")");
            }
            long term = version == VERSION_1 ? NO_TERM : in.readLong();
            int count = in.readInt();
            if (count < 0 || count > entry.length) {
                throw new IllegalArgumentException("raft entry: bad write count " + count);
            }
            List<Write> writes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int kind = in.readUnsignedByte();
                byte[] key = bytes(in, entry.length);
                if (kind == DELETE) {
                    writes.add(new Write(key, null, 0, 0));
                } else if (kind == PUT) {
                    long expires = in.readLong();
                    writes.add(new Write(key, bytes(in, entry.length), 0, expires));
                } else {
                    throw new IllegalArgumentException("raft entry: unknown write kind " + kind);
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("raft entry: " + in.available() + " bytes after the last write");
            }
            return new Entry(term, writes);
        } catch (IOException e) {
            throw new IllegalArgumentException("raft entry is truncated", e);
        }
    }

    private static byte[] bytes(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IllegalArgumentException("raft entry: bad length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
