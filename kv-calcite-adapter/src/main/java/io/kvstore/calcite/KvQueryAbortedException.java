package io.kvstore.calcite;

/**
 * A statement stopped before it finished because it was canceled ({@code Statement.cancel()}) or ran past its
 * query timeout ({@code Statement.setQueryTimeout}); a DML statement interrupted this way applies nothing.
 *
 * <p>It is the cause of the exception the row enumerators throw: an {@code SQLTimeoutException} (SQLState
 * HYT00) for {@link Reason#TIMEOUT}, an {@code SQLException} with SQLState 57014 for {@link Reason#CANCELED}
 * (thrown undeclared, so that {@code ResultSet.next()} reports an SQLException).
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
