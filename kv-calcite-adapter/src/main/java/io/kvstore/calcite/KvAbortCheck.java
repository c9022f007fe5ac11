package io.kvstore.calcite;

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
     * @throws KvQueryAbortedException the statement was canceled or its deadline passed. A RuntimeException on
     *     purpose: Calcite keeps it as the cause when the failure happens inside {@code execute} (it drops the
     *     cause of an SQLException there), and from {@code ResultSet.next()} it propagates as it is, for the
     *     driver to map (57014 / HYT00).
     */
    void check() {
        if (cancelFlag != null && cancelFlag.get()) {
            throw new KvQueryAbortedException(KvQueryAbortedException.Reason.CANCELED, "statement canceled");
        }
        if (deadline != Long.MAX_VALUE && (checks++ % CLOCK_CHECK_INTERVAL) == 0
                && System.currentTimeMillis() > deadline) {
            throw new KvQueryAbortedException(KvQueryAbortedException.Reason.TIMEOUT, "query timeout exceeded");
        }
    }
}
