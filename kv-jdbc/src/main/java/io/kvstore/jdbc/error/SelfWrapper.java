package io.kvstore.jdbc.error;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper} for the driver's objects that wrap nothing else (statements, result sets and their metadata,
 * database metadata, the data source): {@code unwrap} returns the object itself for any class or interface it is an
 * instance of, and fails otherwise with {@link SqlState#INVALID_PARAMETER_VALUE}; {@code isWrapperFor} says which.
 *
 * <p>Thread-safety: stateless.
 */
public interface SelfWrapper extends Wrapper {
    @Override
    default <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "not a wrapper for " + iface.getName());
    }

    @Override
    default boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
