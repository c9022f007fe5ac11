package io.kvstore.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which file a path named when this was recorded: the file system's identity of the file
 * ({@link BasicFileAttributes#fileKey()}, device and inode on Linux), so that a later {@link #verify()} can tell
 * whether the path still names the same file, names another one (replaced) or none (deleted).
 *
 * <p>Always asks the real file system (like {@link DirectoryLock}): it is about what other processes did to the
 * directory, not about the faults a test layer injects. Cost: one {@code stat} of the path per {@link #verify()}.
 * On a file system without file keys only deletion is detected. Immutable and thread-safe.
 */
public final class FileIdentity {
    private final Path path;
    /** Null when the file system has no file keys. */
    private final Object key;

    private FileIdentity(Path path, Object key) {
        this.path = path;
        this.key = key;
    }

    /** Records the identity of the file {@code path} names now. */
    public static FileIdentity of(Path path) throws IOException {
        return new FileIdentity(path, Files.readAttributes(path, BasicFileAttributes.class).fileKey());
    }

    public Path path() {
        return path;
    }

    /**
     * Checks that the path still names the recorded file.
     *
     * @throws StoreFileGoneException it names another file or none
     * @throws IOException the check itself failed (for example, the directory is unreadable)
     */
    public void verify() throws IOException {
        Object now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            throw new StoreFileGoneException(path, false);
        }
        if (key != null && !key.equals(now)) {
            throw new StoreFileGoneException(path, true);
        }
    }
}
