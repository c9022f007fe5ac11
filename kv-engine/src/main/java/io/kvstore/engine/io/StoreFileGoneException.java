package io.kvstore.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file the open store depends on (its current log segment, its {@code LOCK} file) was deleted or replaced by
 * another file while the store had it open: something outside the store (an operator's {@code rm}, a cleanup job,
 * a second process) changed the directory. What the store writes to its open file descriptor from then on goes to
 * a file nobody will read, so the store stops acknowledging writes (its failed state).
 */
public final class StoreFileGoneException extends IOException {
    private final Path file;
    private final boolean replaced;

    public StoreFileGoneException(Path file, boolean replaced) {
        super(file + (replaced ? " was replaced by another file" : " was deleted")
                + " while the store had it open");
        this.file = file;
        this.replaced = replaced;
    }

    /** The path whose file changed. */
    public Path file() {
        return file;
    }

    /** True if the path now names another file, false if it names none. */
    public boolean replaced() {
        return replaced;
    }
}
