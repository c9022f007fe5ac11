package io.kvstore.jdbc.meta;

import io.kvstore.calcite.KvCalcite;
import io.kvstore.engine.KvOptions;
import io.kvstore.jdbc.KvDriver;
import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.error.SelfWrapper;
import io.kvstore.jdbc.result.RowResultSet;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the driver says about the database, answered from what the adapter defines (never through Calcite, so
 * browsing tools do not pay for starting it).
 *
 * <p><b>Names.</b> One schema, {@code kvstore}, no catalogs. Tables: {@code kv(key VARCHAR NOT NULL, value
 * VARBINARY NOT NULL)} with primary key {@code key} (reported also as a unique hashed index, {@code kv_pkey}), and
 * the read-only system tables {@code kv_stats} and {@code kv_snapshot}, and the read-only view
 * {@code kv_text(key VARCHAR, value VARCHAR)}. SQL resolves every name
 * case-insensitively, quoted or not, and names are stored in lower case; so metadata reports lower-case names,
 * {@code storesLowerCaseIdentifiers()} and {@code storesLowerCaseQuotedIdentifiers()} are true, and name
 * arguments and patterns ({@code %}, {@code _}, escape {@code \}) match case-insensitively.
 *
 * <p>Immutable apart from the connection it reads; thread-safe. Methods do not check whether the connection is
 * closed except {@link #getConnection()}.
 */
public final class KvDatabaseMetaData implements DatabaseMetaData, SelfWrapper {
    static final String PK_NAME = "kv_pkey";
    private static final String SCHEMA = KvCalcite.SCHEMA;
    private static final String TABLE = "TABLE";
    private static final String SYSTEM_TABLE = "SYSTEM TABLE";
    private static final String VIEW = "VIEW";

    private final KvConnection connection;

    public KvDatabaseMetaData(KvConnection connection) {
        this.connection = connection;
    }

    /** A column of a table as the adapter defines it. */
    private record Col(String table, String name, int type, int size, int position, boolean nullable) {
    }

    private List<Col> columns() {
        KvOptions o = connection.store().options();
        List<Col> cols = new ArrayList<>();
        cols.add(new Col("kv", "key", Types.VARCHAR, o.maxKeyBytes(), 1, false));
        cols.add(new Col("kv", "value", Types.VARBINARY, o.maxValueBytes(), 2, false));
        cols.add(new Col(KvCalcite.TEXT_VIEW, "key", Types.VARCHAR, o.maxKeyBytes(), 1, false));
        cols.add(new Col(KvCalcite.TEXT_VIEW, "value", Types.VARCHAR, o.maxValueBytes(), 2, false));
        String[] stats = {"entries", "memory_used", "memory_limit", "bucket_count", "load_factor", "last_lsn",
            "wal_bytes", "snapshot_lsn", "evictions", "failed", "failure", "snapshot_failures",
            "last_snapshot_error", "next_snapshot_attempt", "commits", "commit_groups", "avg_group_size",
            "wal_syncs"};
        for (String table : List.of("kv_snapshot", "kv_stats")) {
            for (int i = 0; i < stats.length; i++) {
                int type = switch (stats[i]) {
                    case "load_factor", "avg_group_size" -> Types.DOUBLE;
                    case "failed" -> Types.BOOLEAN;
                    case "failure", "last_snapshot_error" -> Types.VARCHAR;
                    case "snapshot_failures" -> Types.INTEGER;
                    case "next_snapshot_attempt" -> Types.TIMESTAMP;
                    default -> Types.BIGINT;
                };
                int size = switch (type) {
                    case Types.DOUBLE -> 15;
                    case Types.BOOLEAN -> 1;
                    case Types.VARCHAR -> 65536;
                    case Types.INTEGER -> 10;
                    case Types.TIMESTAMP -> 23;
                    default -> 19;
                };
                boolean nullable = type == Types.VARCHAR || type == Types.TIMESTAMP;
                cols.add(new Col(table, stats[i], type, size, i + 1, nullable));
            }
        }
        return cols;
    }

    private static String tableType(String table) {
        return table.equals("kv") ? TABLE : table.equals(KvCalcite.TEXT_VIEW) ? VIEW : SYSTEM_TABLE;
    }

    private static String remarks(String table) {
        return switch (table) {
            case "kv" -> "the key-value pairs";
            case "kv_stats" -> "statistics of the store (one row)";
            case KvCalcite.TEXT_VIEW -> "kv with each value decoded as UTF-8 text (read-only)";
            default -> "takes a snapshot when read, then returns the statistics (one row)";
        };
    }

    // ---- matching ----

    /** Catalog argument: null (any) or "" (none) match; we have no catalogs. */
    private static boolean catalogMatches(String catalog) {
        return catalog == null || catalog.isEmpty();
    }

    /** A JDBC LIKE pattern (null matches all), case-insensitively. */
    static boolean like(String pattern, String name) {
        if (pattern == null) {
            return true;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL)
                .matcher(name).matches();
    }

    /** A plain name argument (not a pattern): null matches all, else equal ignoring case. */
    private static boolean named(String arg, String name) {
        return arg == null || arg.equalsIgnoreCase(name);
    }

    private static RowResultSet rs(String spec, List<Object[]> rows) {
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        for (String c : spec.split(",")) {
            String[] p = c.split(":");
            int type = switch (p[1]) {
                case "S" -> Types.VARCHAR;
                case "I" -> Types.INTEGER;
                case "H" -> Types.SMALLINT;
                case "L" -> Types.BIGINT;
                case "B" -> Types.BOOLEAN;
                default -> throw new AssertionError(c);
            };
            cols.add(KvResultSetMetaData.Column.of(p[0], type));
        }
        return RowResultSet.of(null, new KvResultSetMetaData(cols), rows);
    }

    private static RowResultSet empty(String spec) {
        return rs(spec, List.of());
    }

    // ---- tables and columns ----

    private static final String TABLES = "TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,TABLE_TYPE:S,REMARKS:S,TYPE_CAT:S,"
            + "TYPE_SCHEM:S,TYPE_NAME:S,SELF_REFERENCING_COL_NAME:S,REF_GENERATION:S";

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog) && like(schemaPattern, SCHEMA)) {
            for (String t : List.of("kv", "kv_snapshot", "kv_stats", KvCalcite.TEXT_VIEW)) {
                String type = tableType(t);
                if (like(tableNamePattern, t) && (types == null || List.of(types).stream()
                        .anyMatch(x -> x != null && x.equalsIgnoreCase(type)))) {
                    rows.add(new Object[] {null, SCHEMA, t, type, remarks(t), null, null, null, null, null});
                }
            }
        }
        rows.sort(Comparator.comparing((Object[] r) -> (String) r[3]).thenComparing(r -> (String) r[2]));
        return rs(TABLES, rows);
    }

    @Override
    public ResultSet getTableTypes() {
        return rs("TABLE_TYPE:S", List.of(new Object[] {SYSTEM_TABLE}, new Object[] {TABLE}, new Object[] {VIEW}));
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                                String columnNamePattern) {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog) && like(schemaPattern, SCHEMA)) {
            for (Col c : columns()) {
                if (like(tableNamePattern, c.table()) && like(columnNamePattern, c.name())) {
                    boolean text = c.type() == Types.VARCHAR || c.type() == Types.VARBINARY;
                    rows.add(new Object[] {null, SCHEMA, c.table(), c.name(), c.type(),
                        KvResultSetMetaData.typeName(c.type()), c.size(), null,
                        text ? null : c.type() == Types.DOUBLE ? 15 : 0, text ? null : 10,
                        c.nullable() ? columnNullable : columnNoNulls, null, null, null, null,
                        text ? c.size() : null, c.position(), c.nullable() ? "YES" : "NO", null,
                        null, null, null, "NO", "NO"});
                }
            }
        }
        return rs("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,COLUMN_NAME:S,DATA_TYPE:I,TYPE_NAME:S,COLUMN_SIZE:I,"
                + "BUFFER_LENGTH:I,DECIMAL_DIGITS:I,NUM_PREC_RADIX:I,NULLABLE:I,REMARKS:S,COLUMN_DEF:S,"
                + "SQL_DATA_TYPE:I,SQL_DATETIME_SUB:I,CHAR_OCTET_LENGTH:I,ORDINAL_POSITION:I,IS_NULLABLE:S,"
                + "SCOPE_CATALOG:S,SCOPE_SCHEMA:S,SCOPE_TABLE:S,SOURCE_DATA_TYPE:H,IS_AUTOINCREMENT:S,"
                + "IS_GENERATEDCOLUMN:S", rows);
    }

    private boolean isKv(String catalog, String schema, String table) {
        return catalogMatches(catalog) && named(schema, SCHEMA) && table != null && table.equalsIgnoreCase("kv");
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) {
        List<Object[]> rows = new ArrayList<>();
        if (isKv(catalog, schema, table)) {
            rows.add(new Object[] {null, SCHEMA, "kv", "key", (short) 1, PK_NAME});
        }
        return rs("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,COLUMN_NAME:S,KEY_SEQ:H,PK_NAME:S", rows);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) {
        List<Object[]> rows = new ArrayList<>();
        if (isKv(catalog, schema, table)) {
            long count;
            try {
                count = connection.store().stats().count();
            } catch (RuntimeException e) {
                count = 0;
            }
            rows.add(new Object[] {null, SCHEMA, "kv", false, null, PK_NAME, tableIndexHashed, (short) 1, "key",
                null, count, 0L, null});
        }
        return rs("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,NON_UNIQUE:B,INDEX_QUALIFIER:S,INDEX_NAME:S,TYPE:H,"
                + "ORDINAL_POSITION:H,COLUMN_NAME:S,ASC_OR_DESC:S,CARDINALITY:L,PAGES:L,FILTER_CONDITION:S", rows);
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope,
                                          boolean nullable) {
        List<Object[]> rows = new ArrayList<>();
        if (isKv(catalog, schema, table)) {
            rows.add(new Object[] {(short) bestRowSession, "key", Types.VARCHAR, "VARCHAR",
                connection.store().options().maxKeyBytes(), null, null, (short) bestRowNotPseudo});
        }
        return rs("SCOPE:H,COLUMN_NAME:S,DATA_TYPE:I,TYPE_NAME:S,COLUMN_SIZE:I,BUFFER_LENGTH:I,DECIMAL_DIGITS:H,"
                + "PSEUDO_COLUMN:H", rows);
    }

    private static final String KEYS = "PKTABLE_CAT:S,PKTABLE_SCHEM:S,PKTABLE_NAME:S,PKCOLUMN_NAME:S,FKTABLE_CAT:S,"
            + "FKTABLE_SCHEM:S,FKTABLE_NAME:S,FKCOLUMN_NAME:S,KEY_SEQ:H,UPDATE_RULE:H,DELETE_RULE:H,FK_NAME:S,"
            + "PK_NAME:S,DEFERRABILITY:H";

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) {
        return empty(KEYS);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) {
        return empty(KEYS);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                       String foreignCatalog, String foreignSchema, String foreignTable) {
        return empty(KEYS);
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) {
        return empty("SCOPE:H,COLUMN_NAME:S,DATA_TYPE:I,TYPE_NAME:S,COLUMN_SIZE:I,BUFFER_LENGTH:I,"
                + "DECIMAL_DIGITS:H,PSEUDO_COLUMN:H");
    }

    @Override
    public ResultSet getSchemas() {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) {
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalog) && like(schemaPattern, SCHEMA)) {
            rows.add(new Object[] {SCHEMA, null});
        }
        return rs("TABLE_SCHEM:S,TABLE_CATALOG:S", rows);
    }

    @Override
    public ResultSet getCatalogs() {
        return empty("TABLE_CAT:S");
    }

    @Override
    public ResultSet getTypeInfo() {
        List<Object[]> rows = new ArrayList<>();
        int maxKey = KvOptions.MAX_KEY_BYTES_LIMIT;
        int maxValue = KvOptions.MAX_VALUE_BYTES_LIMIT;
        rows.add(type("BIGINT", Types.BIGINT, 19, null, null, null, false, typePredBasic, false, 10));
        rows.add(type("VARBINARY", Types.VARBINARY, maxValue, "X'", "'", "length", false, typePredBasic, true, 0));
        rows.add(type("INTEGER", Types.INTEGER, 10, null, null, null, false, typePredBasic, false, 10));
        rows.add(type("DOUBLE", Types.DOUBLE, 15, null, null, null, false, typePredBasic, false, 2));
        rows.add(type("VARCHAR", Types.VARCHAR, maxKey, "'", "'", "length", true, typeSearchable, true, 0));
        rows.add(type("BOOLEAN", Types.BOOLEAN, 1, null, null, null, false, typePredBasic, true, 0));
        return rs("TYPE_NAME:S,DATA_TYPE:I,PRECISION:I,LITERAL_PREFIX:S,LITERAL_SUFFIX:S,CREATE_PARAMS:S,NULLABLE:H,"
                + "CASE_SENSITIVE:B,SEARCHABLE:H,UNSIGNED_ATTRIBUTE:B,FIXED_PREC_SCALE:B,AUTO_INCREMENT:B,"
                + "LOCAL_TYPE_NAME:S,MINIMUM_SCALE:H,MAXIMUM_SCALE:H,SQL_DATA_TYPE:I,SQL_DATETIME_SUB:I,"
                + "NUM_PREC_RADIX:I", rows);
    }

    private static Object[] type(String name, int type, int precision, String prefix, String suffix, String params,
                                 boolean caseSensitive, int searchable, boolean unsigned, int radix) {
        return new Object[] {name, type, precision, prefix, suffix, params, (short) typeNullable, caseSensitive,
            (short) searchable, unsigned, false, false, name, (short) 0, (short) 0, null, null,
            radix == 0 ? null : radix};
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) {
        return empty("PROCEDURE_CAT:S,PROCEDURE_SCHEM:S,PROCEDURE_NAME:S,RESERVED1:S,RESERVED2:S,RESERVED3:S,"
                + "REMARKS:S,PROCEDURE_TYPE:H,SPECIFIC_NAME:S");
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
                                         String columnNamePattern) {
        return empty("PROCEDURE_CAT:S,PROCEDURE_SCHEM:S,PROCEDURE_NAME:S,COLUMN_NAME:S,COLUMN_TYPE:H,DATA_TYPE:I,"
                + "TYPE_NAME:S,PRECISION:I,LENGTH:I,SCALE:H,RADIX:H,NULLABLE:H,REMARKS:S,COLUMN_DEF:S,"
                + "SQL_DATA_TYPE:I,SQL_DATETIME_SUB:I,CHAR_OCTET_LENGTH:I,ORDINAL_POSITION:I,IS_NULLABLE:S,"
                + "SPECIFIC_NAME:S");
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) {
        return empty("FUNCTION_CAT:S,FUNCTION_SCHEM:S,FUNCTION_NAME:S,REMARKS:S,FUNCTION_TYPE:H,SPECIFIC_NAME:S");
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
                                        String columnNamePattern) {
        return empty("FUNCTION_CAT:S,FUNCTION_SCHEM:S,FUNCTION_NAME:S,COLUMN_NAME:S,COLUMN_TYPE:H,DATA_TYPE:I,"
                + "TYPE_NAME:S,PRECISION:I,LENGTH:I,SCALE:H,RADIX:H,NULLABLE:H,REMARKS:S,CHAR_OCTET_LENGTH:I,"
                + "ORDINAL_POSITION:I,IS_NULLABLE:S,SPECIFIC_NAME:S");
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) {
        return empty("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,COLUMN_NAME:S,GRANTOR:S,GRANTEE:S,PRIVILEGE:S,"
                + "IS_GRANTABLE:S");
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) {
        return empty("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,GRANTOR:S,GRANTEE:S,PRIVILEGE:S,IS_GRANTABLE:S");
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) {
        return empty("TYPE_CAT:S,TYPE_SCHEM:S,TYPE_NAME:S,CLASS_NAME:S,DATA_TYPE:I,REMARKS:S,BASE_TYPE:H");
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) {
        return empty("TYPE_CAT:S,TYPE_SCHEM:S,TYPE_NAME:S,SUPERTYPE_CAT:S,SUPERTYPE_SCHEM:S,SUPERTYPE_NAME:S");
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) {
        return empty("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,SUPERTABLE_NAME:S");
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                   String attributeNamePattern) {
        return empty("TYPE_CAT:S,TYPE_SCHEM:S,TYPE_NAME:S,ATTR_NAME:S,DATA_TYPE:I,ATTR_TYPE_NAME:S,ATTR_SIZE:I,"
                + "DECIMAL_DIGITS:I,NUM_PREC_RADIX:I,NULLABLE:I,REMARKS:S,ATTR_DEF:S,SQL_DATA_TYPE:I,"
                + "SQL_DATETIME_SUB:I,CHAR_OCTET_LENGTH:I,ORDINAL_POSITION:I,IS_NULLABLE:S,SCOPE_CATALOG:S,"
                + "SCOPE_SCHEMA:S,SCOPE_TABLE:S,SOURCE_DATA_TYPE:H");
    }

    @Override
    public ResultSet getClientInfoProperties() {
        return empty("NAME:S,MAX_LEN:I,DEFAULT_VALUE:S,DESCRIPTION:S");
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                      String columnNamePattern) {
        return empty("TABLE_CAT:S,TABLE_SCHEM:S,TABLE_NAME:S,COLUMN_NAME:S,DATA_TYPE:I,COLUMN_SIZE:I,"
                + "DECIMAL_DIGITS:I,NUM_PREC_RADIX:I,COLUMN_USAGE:S,REMARKS:S,CHAR_OCTET_LENGTH:I,IS_NULLABLE:S");
    }

    // ---- product ----

    @Override public String getURL() { return connection.url().url(); }
    @Override public String getUserName() { return ""; }
    @Override public boolean isReadOnly() { return connection.store().isReadOnly(); }
    @Override public String getDatabaseProductName() { return "kvstore"; }
    @Override public String getDatabaseProductVersion() { return KvDriver.VERSION; }
    @Override public String getDriverName() { return "kvstore JDBC driver"; }
    @Override public String getDriverVersion() { return KvDriver.VERSION; }
    @Override public int getDriverMajorVersion() { return KvDriver.MAJOR; }
    @Override public int getDriverMinorVersion() { return KvDriver.MINOR; }
    @Override public int getDatabaseMajorVersion() { return KvDriver.MAJOR; }
    @Override public int getDatabaseMinorVersion() { return KvDriver.MINOR; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 2; }
    @Override public String getIdentifierQuoteString() { return KvCalcite.QUOTE; }

    /** Words that are keywords here but not in SQL:2003 (never null). */
    @Override public String getSQLKeywords() { return "LIMIT,OFFSET,ILIKE,QUALIFY"; }
    @Override public String getNumericFunctions() {
        return "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,RADIANS,RAND,"
                + "ROUND,SIGN,SIN,SQRT,TAN,TRUNCATE";
    }
    @Override public String getStringFunctions() {
        return "ASCII,CHAR,CONCAT,INSERT,LCASE,LEFT,LENGTH,LOCATE,LTRIM,REPEAT,REPLACE,RIGHT,RTRIM,SPACE,SUBSTRING,"
                + "UCASE,TEXT,BYTES";
    }
    @Override public String getSystemFunctions() { return "IFNULL"; }
    @Override public String getTimeDateFunctions() {
        return "CURDATE,CURTIME,DAYOFMONTH,DAYOFWEEK,DAYOFYEAR,HOUR,MINUTE,MONTH,NOW,QUARTER,SECOND,WEEK,YEAR";
    }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "procedure"; }
    @Override public String getCatalogTerm() { return "catalog"; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_SERIALIZABLE; }
    @Override public int getResultSetHoldability() { return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public int getSQLStateType() { return sqlStateSQL; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }
    @Override public long getMaxLogicalLobSize() { return KvOptions.MAX_VALUE_BYTES_LIMIT; }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return false;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override public boolean ownUpdatesAreVisible(int type) { return false; }
    @Override public boolean ownDeletesAreVisible(int type) { return false; }
    @Override public boolean ownInsertsAreVisible(int type) { return false; }
    @Override public boolean othersUpdatesAreVisible(int type) { return false; }
    @Override public boolean othersDeletesAreVisible(int type) { return false; }
    @Override public boolean othersInsertsAreVisible(int type) { return false; }
    @Override public boolean updatesAreDetected(int type) { return false; }
    @Override public boolean deletesAreDetected(int type) { return false; }
    @Override public boolean insertsAreDetected(int type) { return false; }

    @Override public boolean allProceduresAreCallable() { return false; }
    @Override public boolean allTablesAreSelectable() { return true; }
    @Override public boolean nullsAreSortedHigh() { return true; }
    @Override public boolean nullsAreSortedLow() { return false; }
    @Override public boolean nullsAreSortedAtStart() { return false; }
    @Override public boolean nullsAreSortedAtEnd() { return false; }
    @Override public boolean usesLocalFiles() { return true; }
    @Override public boolean usesLocalFilePerTable() { return false; }
    @Override public boolean supportsMixedCaseIdentifiers() { return false; }
    @Override public boolean storesUpperCaseIdentifiers() { return false; }
    @Override public boolean storesLowerCaseIdentifiers() { return true; }
    @Override public boolean storesMixedCaseIdentifiers() { return false; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesLowerCaseQuotedIdentifiers() { return true; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return false; }
    @Override public boolean supportsAlterTableWithAddColumn() { return false; }
    @Override public boolean supportsAlterTableWithDropColumn() { return false; }
    @Override public boolean supportsColumnAliasing() { return true; }
    @Override public boolean nullPlusNonNullIsNull() { return true; }
    @Override public boolean supportsConvert() { return false; }
    @Override public boolean supportsTableCorrelationNames() { return true; }
    @Override public boolean supportsDifferentTableCorrelationNames() { return false; }
    @Override public boolean supportsExpressionsInOrderBy() { return true; }
    @Override public boolean supportsOrderByUnrelated() { return true; }
    @Override public boolean supportsGroupBy() { return true; }
    @Override public boolean supportsGroupByUnrelated() { return true; }
    @Override public boolean supportsGroupByBeyondSelect() { return true; }
    @Override public boolean supportsLikeEscapeClause() { return true; }
    @Override public boolean supportsMultipleResultSets() { return false; }
    @Override public boolean supportsMultipleTransactions() { return true; }
    @Override public boolean supportsNonNullableColumns() { return true; }
    @Override public boolean supportsMinimumSQLGrammar() { return true; }
    @Override public boolean supportsCoreSQLGrammar() { return true; }
    @Override public boolean supportsExtendedSQLGrammar() { return false; }
    @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
    @Override public boolean supportsANSI92IntermediateSQL() { return false; }
    @Override public boolean supportsANSI92FullSQL() { return false; }
    @Override public boolean supportsIntegrityEnhancementFacility() { return false; }
    @Override public boolean supportsOuterJoins() { return true; }
    @Override public boolean supportsFullOuterJoins() { return true; }
    @Override public boolean supportsLimitedOuterJoins() { return true; }
    @Override public boolean isCatalogAtStart() { return false; }
    @Override public boolean supportsSchemasInDataManipulation() { return true; }
    @Override public boolean supportsSchemasInProcedureCalls() { return false; }
    @Override public boolean supportsSchemasInTableDefinitions() { return false; }
    @Override public boolean supportsSchemasInIndexDefinitions() { return false; }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsCatalogsInDataManipulation() { return false; }
    @Override public boolean supportsCatalogsInProcedureCalls() { return false; }
    @Override public boolean supportsCatalogsInTableDefinitions() { return false; }
    @Override public boolean supportsCatalogsInIndexDefinitions() { return false; }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsPositionedDelete() { return false; }
    @Override public boolean supportsPositionedUpdate() { return false; }
    @Override public boolean supportsSelectForUpdate() { return false; }
    @Override public boolean supportsStoredProcedures() { return false; }
    @Override public boolean supportsSubqueriesInComparisons() { return true; }
    @Override public boolean supportsSubqueriesInExists() { return true; }
    @Override public boolean supportsSubqueriesInIns() { return true; }
    @Override public boolean supportsSubqueriesInQuantifieds() { return true; }
    @Override public boolean supportsCorrelatedSubqueries() { return true; }
    @Override public boolean supportsUnion() { return true; }
    @Override public boolean supportsUnionAll() { return true; }
    @Override public boolean supportsOpenCursorsAcrossCommit() { return false; }
    @Override public boolean supportsOpenCursorsAcrossRollback() { return false; }
    @Override public boolean supportsOpenStatementsAcrossCommit() { return true; }
    @Override public boolean supportsOpenStatementsAcrossRollback() { return true; }
    @Override public boolean doesMaxRowSizeIncludeBlobs() { return true; }
    @Override public boolean supportsTransactions() { return true; }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return false; }
    @Override public boolean supportsDataManipulationTransactionsOnly() { return true; }
    @Override public boolean dataDefinitionCausesTransactionCommit() { return false; }
    @Override public boolean dataDefinitionIgnoredInTransactions() { return false; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsSavepoints() { return true; }
    @Override public boolean supportsNamedParameters() { return false; }
    @Override public boolean supportsMultipleOpenResults() { return false; }
    @Override public boolean supportsGetGeneratedKeys() { return false; }
    @Override public boolean supportsStatementPooling() { return true; }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() { return false; }
    @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }
    @Override public boolean generatedKeyAlwaysReturned() { return false; }
    @Override public boolean locatorsUpdateCopy() { return false; }
    @Override public boolean supportsRefCursors() { return false; }
    @Override public boolean supportsSharding() { return false; }
    @Override public int getMaxBinaryLiteralLength() { return 0; }
    @Override public int getMaxCharLiteralLength() { return 0; }
    @Override public int getMaxColumnNameLength() { return 0; }
    @Override public int getMaxColumnsInGroupBy() { return 0; }
    @Override public int getMaxColumnsInIndex() { return 0; }
    @Override public int getMaxColumnsInOrderBy() { return 0; }
    @Override public int getMaxColumnsInSelect() { return 0; }
    @Override public int getMaxColumnsInTable() { return 0; }
    @Override public int getMaxConnections() { return 0; }
    @Override public int getMaxCursorNameLength() { return 0; }
    @Override public int getMaxIndexLength() { return 0; }
    @Override public int getMaxSchemaNameLength() { return 0; }
    @Override public int getMaxProcedureNameLength() { return 0; }
    @Override public int getMaxCatalogNameLength() { return 0; }
    @Override public int getMaxRowSize() { return 0; }
    @Override public int getMaxStatementLength() { return 0; }
    @Override public int getMaxStatements() { return 0; }
    @Override public int getMaxTableNameLength() { return 0; }
    @Override public int getMaxTablesInSelect() { return 0; }
    @Override public int getMaxUserNameLength() { return 0; }

    @Override
    public Connection getConnection() throws SQLException {
        connection.checkOpen();
        return connection;
    }
}
