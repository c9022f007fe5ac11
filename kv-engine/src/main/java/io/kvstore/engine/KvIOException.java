package io.kvstore.engine;

/**
 * An I/O operation failed while opening, reading or maintaining the store's files.
 */
public class KvIOException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvIOException(String message) {
        super(message);
    }

    public KvIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
