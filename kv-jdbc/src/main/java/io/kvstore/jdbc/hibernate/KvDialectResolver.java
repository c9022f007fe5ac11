package io.kvstore.jdbc.hibernate;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Lets Hibernate 6 choose {@link KvDialect} by itself: registered in
 * {@code META-INF/services/org.hibernate.engine.jdbc.dialect.spi.DialectResolver}, which Hibernate reads with
 * {@link java.util.ServiceLoader} when no {@code hibernate.dialect} is set. Answers for the database product name
 * {@value #PRODUCT_NAME} (what the driver's {@code DatabaseMetaData.getDatabaseProductName()} reports) and
 * returns null for any other database. Stateless and thread-safe.
 */
public final class KvDialectResolver implements DialectResolver {
    /** The product name the kvstore driver reports. */
    static final String PRODUCT_NAME = "kvstore";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public KvDialectResolver() {
    }

    @Override
    public Dialect resolveDialect(DialectResolutionInfo info) {
        return PRODUCT_NAME.equals(info.getDatabaseName()) ? new KvDialect(info) : null;
    }
}
