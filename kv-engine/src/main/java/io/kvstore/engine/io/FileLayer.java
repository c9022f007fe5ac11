package io.kvstore.engine.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the engine performs goes through this interface, so that tests can substitute a layer
 * that injects faults (lost unforced writes, torn writes, failed forces, a full disk).
 *
 * <p>Thread-safety: implementations must be safe for concurrent use. Durability: a file's contents are durable
 * only after {@link FileChannel#force(boolean)} on it; a create, rename or delete only after
 * {@link #syncDirectory(Path)} on its parent.
 */
public interface FileLayer {
    /** The real file system through {@link java.nio}. */
    FileLayer DEFAULT = new NioFileLayer();

    /** Opens (creating if {@code create}) a file for reading and, unless {@code readOnly}, writing. */
    FileChannel open(Path file, boolean create, boolean readOnly) throws IOException;

    /** Atomically renames {@code from} to {@code to}, replacing {@code to}. Not durable until the directory is synced. */
    void atomicMove(Path from, Path to) throws IOException;

    /** Deletes the file if it exists. */
    void deleteIfExists(Path file) throws IOException;

    /** Forces the directory entry changes (create, rename, delete) in {@code dir} to stable storage. */
    void syncDirectory(Path dir) throws IOException;

    /** Names of the regular files directly in {@code dir}, sorted. */
    List<String> list(Path dir) throws IOException;

    /** Creates the directory and its parents if missing. */
    void createDirectories(Path dir) throws IOException;

    /** Size of the file in bytes. */
    long size(Path file) throws IOException;
}
