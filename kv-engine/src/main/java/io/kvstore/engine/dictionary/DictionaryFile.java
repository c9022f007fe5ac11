package io.kvstore.engine.dictionary;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.codec.Dictionaries;
import io.kvstore.engine.codec.ZstdDictionary;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A store's zstd dictionary file, {@code dict-<id>.zdict}, format version 1 (docs/format/dictionary.md). All
 * integers little-endian:
 *
 * <pre>
 *   magic    "KVDC"
 *   version  u16 = 1
 *   flags    u16 = 0
 *   id       u32   the dictionary's id: CRC32C of the dictionary bytes, also in the file name and in every value
 *                  compressed with it
 *   length   u32   dictionary bytes
 *   dictionary     length bytes, as zstd's trainer made them
 *   crc      u32   CRC32C of every byte before it
 * </pre>
 *
 * <p><b>Durability.</b> {@link #write} writes a temp file, forces it, renames it and forces the directory: when it
 * returns, the dictionary survives a crash, which is what lets a store use it for values it then logs. A temp
 * file left by a crash is deleted at the next open like the snapshot's. Dictionary files are never deleted by the
 * store: snapshots and log records refer to them by id only.
 *
 * <p>Stateless and thread-safe.
 */
public final class DictionaryFile {
    static final byte[] MAGIC = {'K', 'V', 'D', 'C'};
    static final int VERSION = 1;
    static final int HEADER_SIZE = 16;
    static final int TRAILER_SIZE = 4;
    static final int ID_OFFSET = 8;
    static final int LENGTH_OFFSET = 12;
    /** A dictionary larger than this is damage (the trainer makes at most 16 KiB). */
    static final int MAX_LENGTH = 1 << 24;

    private DictionaryFile() {
    }

    /** The dictionaries a store has, and their bytes on disk. */
    public record Loaded(List<ZstdDictionary> dictionaries, long fileBytes) {
        /** The one new values use: the one whose file name sorts last (a store trains one), or null if none. */
        public ZstdDictionary newest() {
            return dictionaries.isEmpty() ? null : dictionaries.get(dictionaries.size() - 1);
        }

        /** Whether the store has the dictionary {@code id}. */
        public boolean contains(int id) {
            for (ZstdDictionary d : dictionaries) {
                if (d.id() == id) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The file's bytes for {@code dictionary}. */
    public static byte[] encode(byte[] dictionary) {
        byte[] out = new byte[HEADER_SIZE + dictionary.length + TRAILER_SIZE];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        LittleEndian.putU16(out, 4, VERSION);
        LittleEndian.putU16(out, 6, 0);
        LittleEndian.putU32(out, ID_OFFSET, Dictionaries.idOf(dictionary) & 0xFFFFFFFFL);
        LittleEndian.putU32(out, LENGTH_OFFSET, dictionary.length);
        System.arraycopy(dictionary, 0, out, HEADER_SIZE, dictionary.length);
        LittleEndian.putU32(out, out.length - TRAILER_SIZE, crc(out, 0, out.length - TRAILER_SIZE));
        return out;
    }

    /**
     * The dictionary in the file bytes {@code b}.
     *
     * @throws DamageException what is wrong, with its offset
     */
    static byte[] decode(byte[] b, String name) throws DamageException {
        if (b.length < HEADER_SIZE + TRAILER_SIZE) {
            throw new DamageException(0, "file of " + b.length + " bytes is shorter than header and checksum");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new DamageException(0, "bad magic (not a dictionary file)");
            }
        }
        int version = LittleEndian.getU16(b, 4);
        if (version != VERSION) {
            throw new DamageException(4, "unsupported dictionary format version " + version + " (this version reads 1)");
        }
        long length = LittleEndian.getU32(b, LENGTH_OFFSET);
        if (length != b.length - HEADER_SIZE - TRAILER_SIZE) {
            throw new DamageException(LENGTH_OFFSET, "length " + length + " does not match the file size "
                    + b.length);
        }
        long stored = LittleEndian.getU32(b, b.length - TRAILER_SIZE);
        if (stored != crc(b, 0, b.length - TRAILER_SIZE)) {
            throw new DamageException(b.length - TRAILER_SIZE, "checksum mismatch");
        }
        byte[] dict = java.util.Arrays.copyOfRange(b, HEADER_SIZE, b.length - TRAILER_SIZE);
        int id = (int) LittleEndian.getU32(b, ID_OFFSET);
        if (id != Dictionaries.idOf(dict)) {
            throw new DamageException(ID_OFFSET, "id " + Dictionaries.hex(id) + " is not the CRC32C of the dictionary");
        }
        if (!StoreFiles.dictionary(id).equals(name)) {
            throw new DamageException(ID_OFFSET, "id " + Dictionaries.hex(id) + " does not match the file name");
        }
        return dict;
    }

    /** Writes {@code dictionary} (id {@code id}) durably into {@code dir} (see the class comment). */
    public static void write(FileLayer fs, Path dir, int id, byte[] dictionary) throws IOException {
        String name = StoreFiles.dictionary(id);
        Path tmp = dir.resolve(StoreFiles.temp(name));
        byte[] bytes = encode(dictionary);
        try (FileChannel ch = fs.open(tmp, true, false)) {
            ch.truncate(0);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long pos = 0;
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
            ch.force(true);
        }
        fs.atomicMove(tmp, dir.resolve(name));
        fs.syncDirectory(dir);
    }

    /**
     * Loads and registers every dictionary in {@code dir}.
     *
     * @throws KvCorruptionException a damaged dictionary file, naming file and offset; with {@code salvage} it is
     *     left out instead and (unless {@code readOnly}) renamed to {@code <name>.damaged}: the values compressed
     *     with it are then lost, and recovery leaves them out
     * @throws IllegalArgumentException there are dictionaries but zstd-jni cannot load here
     */
    public static Loaded loadAll(FileLayer fs, Path dir, boolean salvage, boolean readOnly) throws IOException {
        List<ZstdDictionary> out = new ArrayList<>();
        long total = 0;
        for (String name : StoreFiles.dictionaries(fs, dir)) {
            Path file = dir.resolve(name);
            byte[] b = readFully(fs, file);
            try {
                byte[] dict = decode(b, name);
                out.add(Dictionaries.register(dict));
                total += b.length;
            } catch (DamageException e) {
                if (!salvage) {
                    throw new KvCorruptionException(file, e.offset, e.getMessage());
                }
                if (!readOnly) {
                    List<String> names = fs.list(dir);
                    fs.atomicMove(file, dir.resolve(StoreFiles.damaged(name, names)));
                    fs.syncDirectory(dir);
                }
            }
        }
        return new Loaded(List.copyOf(out), total);
    }

    private static byte[] readFully(FileLayer fs, Path file) throws IOException {
        try (FileChannel ch = fs.open(file, false, true)) {
            long size = ch.size();
            if (size > MAX_LENGTH + HEADER_SIZE + TRAILER_SIZE) {
                throw new KvCorruptionException(file, LENGTH_OFFSET, "dictionary file of " + size + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    break;
                }
            }
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    /** What is wrong with a dictionary file, and where. */
    static final class DamageException extends Exception {
        final long offset;

        DamageException(long offset, String message) {
            super(message);
            this.offset = offset;
        }
    }
}
