package io.kvstore.server.replication;

import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The state machine's snapshot: every live entry of the store at one applied log index, in one checksummed file
 * that Ratis sends to a lagging or new follower (docs/format/raft-snapshot.md). Stateless.
 *
 * <pre>
 *   file    = magic "KVRS"  version:u8 (1)  term:i64  index:i64  entry*  0:u8  count:i64  crc32c:u32
 *   entry   = 1:u8  keyLen:u32  key  expires:i64  valueLen:u32  value
 * </pre>
 * Big-endian; the CRC32C covers every byte before it.
 */
public final class SnapshotFile {
    static final int MAGIC = 0x4B565253; // "KVRS"
    public static final int VERSION = 1;

    /** What a snapshot file holds besides its entries. */
    public record Header(long term, long index, long count) {
    }

    /** Receives the entries of a snapshot being read. */
    public interface EntrySink {
        void accept(byte[] key, byte[] value, long expires) throws IOException;
    }

    private SnapshotFile() {
    }

    /**
     * Writes every live entry of {@code store} to {@code file} and forces it. The caller keeps the store from
     * changing meanwhile (the state machine writes between two applied entries).
     */
    public static long write(KvStore store, long term, long index, Path file) throws IOException {
        long count = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            OutputStream raw = Channels.newOutputStream(ch);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                    new BufferedOutputStream(new NonClosing(raw), 1 << 16), crc));
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(term);
            out.writeLong(index);
            KvCursor c = store.cursor();
            while (c.next()) {
                byte[] k = c.key();
                byte[] v = c.value();
                out.writeByte(1);
                out.writeInt(k.length);
                out.write(k);
                out.writeLong(c.expiresMillis());
                out.writeInt(v.length);
                out.write(v);
                count++;
            }
            out.writeByte(0);
            out.writeLong(count);
            out.flush();
            int sum = (int) crc.getValue();
            DataOutputStream tail = new DataOutputStream(new NonClosing(raw));
            tail.writeInt(sum);
            tail.flush();
            ch.force(true);
        }
        return count;
    }

    /**
     * Reads {@code file}, handing each entry to {@code sink}, and returns its header.
     *
     * @throws IOException unreadable, truncated, an unknown version, or a checksum mismatch (the message names the
     *     file)
     */
    public static Header read(Path file, EntrySink sink) throws IOException {
        try (InputStream raw = new BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
            CRC32C crc = new CRC32C();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a kvstore raft snapshot (bad magic)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException(file + ": snapshot version " + version + " is not supported");
            }
            long term = in.readLong();
            long index = in.readLong();
            long n = 0;
            while (true) {
                int tag = in.readUnsignedByte();
                if (tag == 0) {
                    break;
                }
                if (tag != 1) {
                    throw new IOException(file + ": bad entry tag " + tag + " after " + n + " entries");
                }
                byte[] k = new byte[checkLen(file, in.readInt())];
                in.readFully(k);
                long expires = in.readLong();
                byte[] v = new byte[checkLen(file, in.readInt())];
                in.readFully(v);
                sink.accept(k, v, expires);
                n++;
            }
            long count = in.readLong();
            int expected = (int) crc.getValue();
            int stored = new DataInputStream(raw).readInt();
            if (stored != expected || count != n) {
                throw new IOException(file + ": snapshot checksum or count mismatch (damaged file)");
            }
            return new Header(term, index, count);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": snapshot is truncated", e);
        }
    }

    private static int checkLen(Path file, int n) throws IOException {
        if (n < 0 || n > (512 << 20)) {
            throw new IOException(file + ": bad length " + n);
        }
        return n;
    }

    /** Keeps the channel open when a wrapping stream is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
