package io.kvstore.jdbc.hibernate;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.spi.StandardSqlAstTranslator;
import org.hibernate.sql.ast.spi.StandardSqlAstTranslatorFactory;
import org.hibernate.sql.ast.tree.Statement;
import org.hibernate.sql.ast.tree.select.QuerySpec;
import org.hibernate.sql.exec.spi.JdbcOperation;

/**
 * Hibernate's standard SQL rendering without row-lock clauses: a pessimistic lock mode renders no
 * {@code FOR UPDATE}, because kvstore transactions are optimistic and serializable (see {@link KvDialect}).
 * Not thread-safe (one instance per statement, as Hibernate uses translators).
 */
final class KvSqlAstTranslator<T extends JdbcOperation> extends StandardSqlAstTranslator<T> {

    /** Builds {@link KvSqlAstTranslator}s. Stateless and thread-safe. */
    static final class Factory extends StandardSqlAstTranslatorFactory {
        @Override
        protected <T extends JdbcOperation> SqlAstTranslator<T> buildTranslator(SessionFactoryImplementor sf,
                                                                              Statement statement) {
            return new KvSqlAstTranslator<>(sf, statement);
        }
    }

    private KvSqlAstTranslator(SessionFactoryImplementor sessionFactory, Statement statement) {
        super(sessionFactory, statement);
    }

    @Override
    protected void renderForUpdateClause(QuerySpec querySpec, ForUpdateClause forUpdateClause) {
        // no row locks: conflicts are detected at commit (SQLState 40001)
    }
}
