package io.kvstore.calcite;

/**
 * A statement stopped before it finished because it was canceled ({@code Statement.cancel()}) or ran past its
 * query timeout ({@code Statement.setQueryTimeout}). Thrown from the row enumerators; nothing of a read is
 * changed, a DML statement interrupted this way applies nothing.
 *
 * <p>For the JDBC driver: map {@link Reason#TIMEOUT} to {@code SQLTimeoutException} (SQLState HYT00) and
 * {@link Reason#CANCELED} to SQLState 57014.
 */
public final class KvQueryAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the statement stopped. */
    public enum Reason { CANCELED, TIMEOUT }

    private final Reason reason;

    KvQueryAbortedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
