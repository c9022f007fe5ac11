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
 *   entry  = version:u8 (1)  count:u32  write*count
 *   write  = kind:u8 (0 put, 1 delete)  keyLen:u32  key  [expires:i64  valueLen:u32  value]   (put only)
 * </pre>
 * All integers big-endian. Sequence numbers are the leader's own and are not encoded.
 */
public final class WriteCodec {
    /** The format version this class writes and the only one it reads. */
    public static final int VERSION = 1;
    private static final int PUT = 0;
    private static final int DELETE = 1;

    private WriteCodec() {
    }

    /** The entry for {@code writes}, skipping read barriers ({@link Write#isBarrier()}). */
    public static byte[] encode(List<Write> writes) {
        int size = 5;
        for (Write w : writes) {
            size += 5 + w.key().length + (w.value() == null ? 0 : 12 + w.value().length);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
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
     * Decodes an entry; each write gets sequence number 0.
     *
     * @throws IllegalArgumentException an unknown version or a damaged entry
     */
    public static List<Write> decode(byte[] entry) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(entry))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("raft entry version " + version + " is not supported (expected "
                        + VERSION + ")");
            }
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
            return writes;
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
