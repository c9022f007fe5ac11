package io.kvstore.jdbc.spring;

import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.LetterCasing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.Quoting;
import org.springframework.data.relational.core.sql.LockOptions;

/**
 * Spring Data JDBC (3.x) dialect for kvstore. {@link KvJdbcDialectProvider} makes Spring Data JDBC pick it by
 * itself; an application may also return {@link #INSTANCE} from a {@code @Bean Dialect jdbcDialect(...)}.
 *
 * <p>Paging renders {@code LIMIT n OFFSET m}; identifiers are quoted with {@code "} and stored in lower case (the
 * store resolves names case-insensitively, quoted or not); lock requests ({@code @Lock}) render as nothing,
 * because every transaction is serializable and optimistic (a lost race fails the commit with SQLState 40001).
 * Immutable and thread-safe.
 */
public final class KvJdbcDialect extends AbstractDialect {
    /** The one instance. */
    public static final KvJdbcDialect INSTANCE = new KvJdbcDialect();

    private static final LimitClause LIMIT = new LimitClause() {
        @Override
        public String getLimit(long limit) {
            return "LIMIT " + limit;
        }

        @Override
        public String getOffset(long offset) {
            return "OFFSET " + offset;
        }

        @Override
        public String getLimitOffset(long limit, long offset) {
            return "LIMIT " + limit + " OFFSET " + offset;
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final LockClause NO_LOCK = new LockClause() {
        @Override
        public String getLock(LockOptions lockOptions) {
            return "";
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final IdentifierProcessing IDENTIFIERS =
            IdentifierProcessing.create(Quoting.ANSI, LetterCasing.LOWER_CASE);

    private KvJdbcDialect() {
    }

    @Override
    public LimitClause limit() {
        return LIMIT;
    }

    @Override
    public LockClause lock() {
        return NO_LOCK;
    }

    @Override
    public IdentifierProcessing getIdentifierProcessing() {
        return IDENTIFIERS;
    }
}
