package io.kvstore.jdbc.spring;

import java.util.Optional;
import org.springframework.data.jdbc.repository.config.DialectResolver;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Lets Spring Data JDBC find {@link KvJdbcDialect} without a dialect bean: registered under
 * {@code org.springframework.data.jdbc.repository.config.DialectResolver$JdbcDialectProvider} in
 * {@code META-INF/spring.factories}, which Spring Data JDBC consults before failing with "Cannot determine a
 * dialect". Answers when the connection's {@code getDatabaseProductName()} is {@code kvstore}, else empty.
 * Stateless and thread-safe.
 */
public final class KvJdbcDialectProvider implements DialectResolver.JdbcDialectProvider {
    /** Public no-argument constructor for Spring's factories loader. */
    public KvJdbcDialectProvider() {
    }

    @Override
    public Optional<Dialect> getDialect(JdbcOperations operations) {
        String product = operations.execute(
                (ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        return "kvstore".equals(product) ? Optional.of(KvJdbcDialect.INSTANCE) : Optional.empty();
    }
}
