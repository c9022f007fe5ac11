package io.kvstore.engine;

import java.nio.file.Path;

/**
 * A store file failed its checksum or structure checks somewhere other than a torn tail. Names the file and
 * the byte offset of the damage. Opening with {@link KvOptions.Builder#salvage(boolean)} recovers everything
 * before the damage and moves the damaged file aside.
 */
public class KvCorruptionException extends KvException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long offset;

    public KvCorruptionException(Path file, long offset, String detail) {
        super("corrupt store file " + file + " at offset " + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} where the damage starts. */
    public long offset() {
        return offset;
    }
}
