package io.kvstore.calcite;

/**
 * A statement stopped before it finished because it was canceled ({@code Statement.cancel()}) or ran past its
 * query timeout ({@code Statement.setQueryTimeout}); a DML statement interrupted this way applies nothing.
 *
 * <p>Thrown by the row enumerators. When it happens inside {@code Statement.execute*}, Calcite wraps it in an
 * SQLException (it is the cause); from {@code ResultSet.next()} it propagates unwrapped. For the JDBC driver: map
 * {@link Reason#TIMEOUT} to {@code SQLTimeoutException} (SQLState HYT00) and {@link Reason#CANCELED} to SQLState
 * 57014.
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
