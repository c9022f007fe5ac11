package io.kvstore.jdbc.exec;

import java.sql.SQLException;

/**
 * A compiled scalar expression of a plan ({@link Exprs#compile}): evaluated on one row of {@code kv}
 * ({@code Object[]{String key, byte[] value}}, or the columns of the previous step) with the execution's
 * parameters. Values are {@code String}, {@code byte[]}, {@code Integer}, {@code Long}, {@code BigDecimal},
 * {@code Boolean} or null (SQL NULL). Immutable and thread-safe.
 */
@FunctionalInterface
interface Expr {
    Object eval(Object[] row, Object[] params) throws SQLException;
}
