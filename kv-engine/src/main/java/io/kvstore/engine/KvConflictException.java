package io.kvstore.engine;

/**
 * An optimistic transaction or compare-and-set lost a race: a version it read or expected changed before it committed. Nothing of it was applied; the caller may retry.
 */
public class KvConflictException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvConflictException(String message) {
        super(message);
    }

    public KvConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
