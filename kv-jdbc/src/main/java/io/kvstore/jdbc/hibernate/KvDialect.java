package io.kvstore.jdbc.hibernate;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.pagination.LimitHandler;
import org.hibernate.dialect.pagination.OffsetFetchLimitHandler;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.sql.ast.SqlAstTranslatorFactory;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.VarbinaryJdbcType;
import org.hibernate.type.descriptor.jdbc.spi.JdbcTypeRegistry;

/**
 * Hibernate 6 dialect for kvstore ({@code jdbc:kvstore:} URLs). Hibernate picks it without any
 * {@code hibernate.dialect} setting through {@link KvDialectResolver}; naming it explicitly
 * ({@code hibernate.dialect=io.kvstore.jdbc.hibernate.KvDialect}) also works.
 *
 * <p>What it tells Hibernate about the store:
 * <ul>
 * <li>The only table is {@code kv(key VARCHAR PRIMARY KEY, value VARBINARY)}: map an entity with a
 *     {@code String} {@code @Id} on {@code key} and a {@code byte[]} on {@code value}. Identifiers are assigned by the
 *     application (no sequences, no identity columns); schema generation cannot create tables (set
 *     {@code hibernate.hbm2ddl.auto} to {@code none} or {@code validate}).</li>
 * <li>{@code @Lob byte[]} is read and written as VARBINARY ({@code setBytes}/{@code getBytes}): there are no
 *     BLOB locators.</li>
 * <li>LIKE is rendered without an {@code ESCAPE} clause unless the query gives one.</li>
 * <li>Pessimistic locks ({@code PESSIMISTIC_READ/WRITE}, {@code FOR UPDATE}) render as nothing: every
 *     transaction is serializable and optimistic, so a lost race surfaces at commit as SQLState 40001 (Hibernate:
 *     {@code OptimisticLockException}/{@code LockAcquisitionException}), which the application retries.</li>
 * <li>Paging is {@code OFFSET ? ROWS FETCH FIRST ? ROWS ONLY}.</li>
 * </ul>
 *
 * <p>Compiled against Hibernate ORM 6.6 (a {@code provided} dependency of the driver): the application brings
 * Hibernate; the driver classes never load this one. Immutable and thread-safe, as Hibernate requires.
 */
public class KvDialect extends Dialect {
    /** The version this dialect is written for; the store's own version is not consulted. */
    static final DatabaseVersion VERSION = DatabaseVersion.make(0, 1);

    /** Used by Hibernate when the dialect is named in {@code hibernate.dialect}. */
    public KvDialect() {
        super(VERSION);
    }

    /** Used by {@link KvDialectResolver} and by Hibernate's own resolution. */
    public KvDialect(DialectResolutionInfo info) {
        super(info);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        JdbcTypeRegistry types = typeContributions.getTypeConfiguration().getJdbcTypeRegistry();
        // No BLOB locators: @Lob byte[] travels as VARBINARY.
        types.addDescriptor(SqlTypes.BLOB, VarbinaryJdbcType.INSTANCE);
    }

    @Override
    protected String columnType(int sqlTypeCode) {
        return switch (sqlTypeCode) {
            case SqlTypes.BLOB, SqlTypes.LONGVARBINARY, SqlTypes.LONG32VARBINARY -> "varbinary";
            case SqlTypes.CLOB, SqlTypes.NCLOB, SqlTypes.LONGVARCHAR, SqlTypes.LONG32VARCHAR -> "varchar";
            default -> super.columnType(sqlTypeCode);
        };
    }

    @Override
    public SqlAstTranslatorFactory getSqlAstTranslatorFactory() {
        return new KvSqlAstTranslator.Factory();
    }

    @Override
    public LimitHandler getLimitHandler() {
        return OffsetFetchLimitHandler.INSTANCE;
    }

    /** Nothing: transactions are optimistic and serializable; conflicts fail the commit with 40001. */
    @Override
    public String getForUpdateString() {
        return "";
    }

    @Override
    public String getWriteLockString(int timeout) {
        return "";
    }

    @Override
    public String getReadLockString(int timeout) {
        return "";
    }

    @Override
    public String getForUpdateNowaitString() {
        return "";
    }

    @Override
    public String getForUpdateSkipLockedString() {
        return "";
    }

    @Override
    public boolean supportsOuterJoinForUpdate() {
        return false;
    }

    @Override
    public boolean supportsLockTimeouts() {
        return false;
    }

    /** Table creation and alteration are not supported by the store. */
    @Override
    public boolean canCreateSchema() {
        return false;
    }

    @Override
    public String getCurrentSchemaCommand() {
        return null;
    }

    @Override
    public boolean supportsCommentOn() {
        return false;
    }

    @Override
    public boolean supportsIfExistsBeforeTableName() {
        return false;
    }
}
