package io.kvstore.jdbc.error;

/**
 * Every SQLState this driver reports. Each SQLException the driver makes takes its state from here (see
 * {@link KvErrors}); the table in {@code docs/jdbc.md} lists the same states with the same meanings.
 *
 * <p>Immutable and thread-safe.
 */
public enum SqlState {
    /** A URL that is not {@code jdbc:kvstore:...}, or a path or name that cannot be used. */
    CONNECTION_FAILED("08001", "cannot open the connection"),
    /** Remote: the connection to the server was lost (closed by the peer, reset, timed out mid-frame). */
    CONNECTION_FAILURE("08006", "connection failure"),
    /** Remote: the server or the driver received bytes that break the protocol; that connection is closed. */
    PROTOCOL_VIOLATION("08P01", "protocol violation"),
    /** Remote: the server rejected the connection (it has reached its maximum number of clients). */
    CONNECTION_REJECTED("08004", "server rejected the connection"),
    /** Remote: the server refused the password (or asks for one). */
    INVALID_AUTHORIZATION("28000", "invalid authorization specification"),
    /** The connection is closed, or its store was closed underneath it. */
    CONNECTION_CLOSED("08003", "connection is closed"),
    /** A method was called on a closed statement or result set, or out of sequence. */
    FUNCTION_SEQUENCE("HY010", "statement or result set is closed, or call out of sequence"),
    /** An unknown connection option, or a bad option value; also a bad argument to a JDBC method. */
    INVALID_PARAMETER_VALUE("22023", "invalid option or parameter value"),
    /** A parameter value of a type that cannot be converted to the column's type. */
    INVALID_PARAMETER_TYPE("07006", "restricted data type attribute violation"),
    /** A statement with parameters was executed before every parameter was set. */
    PARAMETER_NOT_SET("07001", "wrong number of parameters"),
    /** An insert (or key update) found the key already present. */
    UNIQUE_VIOLATION("23505", "duplicate key"),
    /** A NULL key or value. */
    NOT_NULL_VIOLATION("23502", "null value in a NOT NULL column"),
    /** A key or value larger than the store's limit. */
    STRING_DATA_RIGHT_TRUNCATION("22001", "key or value too large"),
    /** Key text that no stored key reads as (a lone surrogate that is not a key-byte escape; docs/sql.md). */
    CHARACTER_NOT_IN_REPERTOIRE("22021", "character not in repertoire"),
    /** Text that is not a number where a number is needed (a VARCHAR compared with or cast to a number). */
    INVALID_CHARACTER_VALUE_FOR_CAST("22018", "invalid character value for cast"),
    /** A LIKE escape that is not exactly one character. */
    INVALID_ESCAPE_CHARACTER("22019", "invalid escape character"),
    /** An INSERT with more values than the table has columns. */
    INSERT_VALUE_COUNT("21S01", "insert value list does not match column list"),
    /** Operands or assigned values of types that do not fit (VARBINARY compared with a number, for example). */
    DATATYPE_MISMATCH("42804", "datatype mismatch"),
    /** An unknown schema ({@code setSchema}, {@code SET SCHEMA}). */
    INVALID_SCHEMA_NAME("3F000", "invalid schema name"),
    /** A negative SUBSTRING length. */
    SUBSTRING_ERROR("22011", "substring error"),
    /** Division (or MOD) by zero. */
    DIVISION_BY_ZERO("22012", "division by zero"),
    /** Text that is not a date, time or timestamp where one is needed ({@code expires_at = 'soon'}). */
    INVALID_DATETIME_FORMAT("22007", "invalid datetime format"),
    /** A malformed regular expression ({@code SIMILAR TO '['}). */
    INVALID_REGULAR_EXPRESSION("2201B", "invalid regular expression"),
    /** A scalar subquery that returned more than one row. */
    CARDINALITY_VIOLATION("21000", "cardinality violation"),
    /** A number too large for its type ({@code CAST(1e10 AS INTEGER)}). */
    NUMERIC_VALUE_OUT_OF_RANGE("22003", "numeric value out of range"),
    /** A logarithm of zero or a negative number. */
    INVALID_LOGARITHM_ARGUMENT("2201E", "invalid argument for natural logarithm"),
    /** A date, time or timestamp field out of range (a month 13, a day 45). */
    DATETIME_FIELD_OVERFLOW("22008", "datetime field overflow"),
    /** A negative LIMIT or FETCH row count. */
    INVALID_ROW_COUNT_IN_LIMIT("2201W", "invalid row count in limit clause"),
    /** A negative OFFSET row count. */
    INVALID_ROW_COUNT_IN_OFFSET("2201X", "invalid row count in result offset clause"),
    /** Other data exceptions (numbers out of range for their type, a getter that cannot convert). */
    DATA_EXCEPTION("22000", "data exception"),
    /** A transaction lost a race with a concurrent commit; nothing of it was applied. Retry it. */
    SERIALIZATION_FAILURE("40001", "serialization failure: transaction conflict"),
    /**
     * Replication: the statement's outcome is unknown. The leader lost its leadership (or the connection to the
     * server was lost) while a commit was in flight: the writes may or may not be applied. Retry only if the
     * transaction is idempotent, or check first.
     */
    STATEMENT_COMPLETION_UNKNOWN("40003", "statement completion unknown"),
    /** A write on a read-only connection or store, or to the read-only tables kv_stats and kv_snapshot. */
    READ_ONLY_TRANSACTION("25006", "read-only"),
    /** A transaction-state violation (for example, commit in auto-commit mode is ignored, not this). */
    INVALID_TRANSACTION_STATE("25000", "invalid transaction state"),
    /** A savepoint that does not exist: never set, released, rolled back past, or of an ended transaction. */
    INVALID_SAVEPOINT("3B001", "invalid savepoint specification"),
    /** The store directory is locked by another process (or open with other options in this JVM). */
    OBJECT_IN_USE("55006", "store in use"),
    /** A store file is damaged. Open with {@code salvage=true} to recover what precedes the damage. */
    DATA_CORRUPTED("XX001", "store file corrupted"),
    /** An I/O error, or the store refuses writes after an earlier I/O error. */
    IO_ERROR("58030", "I/O error"),
    /** A write would exceed the store's memory limit (eviction=reject). */
    OUT_OF_MEMORY("53200", "memory limit reached"),
    /** SQL that does not parse. */
    SYNTAX_ERROR("42601", "syntax error"),
    /** An unknown function, or a known one with the wrong number or types of arguments. */
    UNDEFINED_FUNCTION("42883", "undefined function"),
    /** Other errors found while validating SQL. */
    SYNTAX_ERROR_OR_ACCESS_RULE("42000", "invalid SQL"),
    /** An unknown table. */
    UNDEFINED_TABLE("42S02", "table not found"),
    /** An unknown column. */
    UNDEFINED_COLUMN("42S22", "column not found"),
    /** The statement was canceled with {@code Statement.cancel()}. */
    QUERY_CANCELED("57014", "statement canceled"),
    /** The statement ran past its query timeout ({@code SQLTimeoutException}). */
    TIMEOUT("HYT00", "query timeout"),
    /** A JDBC feature this driver does not support ({@code SQLFeatureNotSupportedException}). */
    FEATURE_NOT_SUPPORTED("0A000", "feature not supported"),
    /** A driver or engine bug: anything not classified above. */
    INTERNAL_ERROR("XX000", "internal error");

    private final String code;
    private final String description;

    SqlState(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The state whose code is {@code code}, or null. */
    public static SqlState byCode(String code) {
        for (SqlState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        return null;
    }

    /** The five-character SQLState. */
    public String code() {
        return code;
    }

    /** A short English description, as in docs/jdbc.md. */
    public String description() {
        return description;
    }
}
