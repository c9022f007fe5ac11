package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import java.sql.SQLException;

/** Calls into Calcite and Avatica, which may throw anything. Stateless. */
final class CalciteCalls {
    private CalciteCalls() {
    }

    /** A call into Calcite that may throw anything. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code c}, translating every failure but a VirtualMachineError with {@link KvErrors#translate}. */
    static <T> T call(SqlCall<T> c) throws SQLException {
        try {
            return c.call();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw KvErrors.translate(t);
        }
    }
}
