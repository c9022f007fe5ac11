package io.kvstore.engine;

/**
 * The store or transaction has been closed.
 */
public class KvClosedException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvClosedException(String message) {
        super(message);
    }

    public KvClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
