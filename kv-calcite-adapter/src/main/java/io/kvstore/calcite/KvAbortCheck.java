package io.kvstore.calcite;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;

/**
 * Checks, between rows, whether a statement was canceled or ran past its timeout. The deadline is the start of
 * the execution ({@link DataContext.Variable#UTC_TIMESTAMP}) plus {@link DataContext.Variable#TIMEOUT}
 * milliseconds (a duration, set from {@code Statement.setQueryTimeout}). The clock is read once every
 * {@value #CLOCK_CHECK_INTERVAL} checks. Not thread-safe: one per execution.
 */
final class KvAbortCheck {
    static final int CLOCK_CHECK_INTERVAL = 64;

    private final AtomicBoolean cancelFlag;
    private final long deadline;
    private long checks;

    /** @param root the execution's data context; null means never aborted */
    KvAbortCheck(DataContext root) {
        this.cancelFlag = root == null ? null
                : (AtomicBoolean) root.get(DataContext.Variable.CANCEL_FLAG.camelName);
        this.deadline = deadline(root);
    }

    private static long deadline(DataContext root) {
        if (root == null) {
            return Long.MAX_VALUE;
        }
        Object timeout = root.get(DataContext.Variable.TIMEOUT.camelName);
        if (!(timeout instanceof Long t) || t <= 0) {
            return Long.MAX_VALUE;
        }
        Object start = root.get(DataContext.Variable.UTC_TIMESTAMP.camelName);
        long s = start instanceof Long l ? l : System.currentTimeMillis();
        return s + t;
    }

    /**
     * Throws, although it is a checked exception and not declared, an {@link SQLException} (SQLState 57014) for
     * a canceled statement or an {@link SQLTimeoutException} (SQLState HYT00) for a passed deadline, with a
     * {@link KvQueryAbortedException} as its cause. Thrown this way it reaches {@code ResultSet.next()} as an
     * SQLException, which is what JDBC callers expect, instead of as a bare RuntimeException.
     */
    void check() {
        if (cancelFlag != null && cancelFlag.get()) {
            throw sneaky(new SQLException("statement canceled", "57014",
                    new KvQueryAbortedException(KvQueryAbortedException.Reason.CANCELED, "statement canceled")));
        }
        if (deadline != Long.MAX_VALUE && (checks++ % CLOCK_CHECK_INTERVAL) == 0
                && System.currentTimeMillis() > deadline) {
            throw sneaky(new SQLTimeoutException("query timeout exceeded", "HYT00",
                    new KvQueryAbortedException(KvQueryAbortedException.Reason.TIMEOUT, "query timeout exceeded")));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
