package io.kvstore.jdbc.error;

import io.kvstore.calcite.KvKeyException;
import io.kvstore.calcite.KvNullValueException;
import io.kvstore.calcite.KvQueryAbortedException;
import io.kvstore.calcite.KvRowCountException;
import io.kvstore.engine.KvClosedException;
import io.kvstore.engine.KvConflictException;
import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvException;
import io.kvstore.engine.KvIOException;
import io.kvstore.engine.KvLimitException;
import io.kvstore.engine.KvMemoryLimitException;
import io.kvstore.engine.KvReadOnlyException;
import io.kvstore.engine.KvStoreFailedException;
import io.kvstore.engine.KvStoreInUseException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collections;

/**
 * The one place where engine, adapter and Calcite failures become {@link SQLException}s with a {@link SqlState},
 * and where the driver makes its own SQLExceptions.
 *
 * <p>{@link #translate(Throwable)} looks for a known cause anywhere in the cause chain (Calcite and Avatica wrap
 * what the engine throws, sometimes several times): engine exceptions first, then the adapter's, then Calcite's
 * parser and validator errors (recognised by class name, so that this class does not depend on their exact
 * types). The SQLException's message is the most specific message found; the original throwable is its cause.
 *
 * <p>Stateless and thread-safe.
 */
public final class KvErrors {
    private static final Set<String> PARSE_ERRORS = Set.of(
            "org.apache.calcite.sql.parser.SqlParseException",
            "org.apache.calcite.sql.parser.babel.ParseException",
            "org.apache.calcite.sql.parser.impl.ParseException");
    private static final Set<String> VALIDATION_ERRORS = Set.of(
            "org.apache.calcite.runtime.CalciteContextException",
            "org.apache.calcite.sql.validate.SqlValidatorException");

    private KvErrors() {
    }

    /** A new SQLException of the subclass that fits {@code state}. */
    public static SQLException create(SqlState state, String message) {
        return create(state, message, null);
    }

    /** A new SQLException of the subclass that fits {@code state}, with {@code cause}. */
    public static SQLException create(SqlState state, String message, Throwable cause) {
        String code = state.code();
        return switch (state) {
            case UNIQUE_VIOLATION, NOT_NULL_VIOLATION ->
                    new SQLIntegrityConstraintViolationException(message, code, cause);
            case SERIALIZATION_FAILURE -> new SQLTransactionRollbackException(message, code, cause);
            case STATEMENT_COMPLETION_UNKNOWN -> new java.sql.SQLTransientConnectionException(message, code, cause);
            case SYNTAX_ERROR, SYNTAX_ERROR_OR_ACCESS_RULE, UNDEFINED_TABLE, UNDEFINED_COLUMN, DATATYPE_MISMATCH,
                 INVALID_SCHEMA_NAME, UNDEFINED_FUNCTION ->
                    new SQLSyntaxErrorException(message, code, cause);
            case TIMEOUT -> new SQLTimeoutException(message, code, cause);
            case FEATURE_NOT_SUPPORTED -> new SQLFeatureNotSupportedException(message, code, cause);
            case CONNECTION_FAILED, CONNECTION_CLOSED, CONNECTION_FAILURE, PROTOCOL_VIOLATION, CONNECTION_REJECTED ->
                    new SQLNonTransientConnectionException(message, code, cause);
            case INVALID_AUTHORIZATION -> new java.sql.SQLInvalidAuthorizationSpecException(message, code, cause);
            case STRING_DATA_RIGHT_TRUNCATION, DATA_EXCEPTION, INVALID_PARAMETER_VALUE,
                 INVALID_CHARACTER_VALUE_FOR_CAST, INVALID_ESCAPE_CHARACTER, INSERT_VALUE_COUNT,
                 CHARACTER_NOT_IN_REPERTOIRE, SUBSTRING_ERROR, DIVISION_BY_ZERO, NUMERIC_VALUE_OUT_OF_RANGE, INVALID_DATETIME_FORMAT,
                 INVALID_REGULAR_EXPRESSION, INVALID_LOGARITHM_ARGUMENT, DATETIME_FIELD_OVERFLOW,
                 INVALID_ROW_COUNT_IN_LIMIT, INVALID_ROW_COUNT_IN_OFFSET ->
                    new SQLDataException(message, code, cause);
            default -> new SQLException(message, code, cause);
        };
    }

    /** {@code SQLFeatureNotSupportedException} naming the feature. */
    public static SQLFeatureNotSupportedException notSupported(String feature) {
        return (SQLFeatureNotSupportedException) create(SqlState.FEATURE_NOT_SUPPORTED,
                feature + " is not supported by the kvstore driver");
    }

    /**
     * Turns any failure into an SQLException with the state of the most specific known cause. An SQLException
     * this driver made already (or one with a state and no better cause) is returned as it is.
     */
    public static SQLException translate(Throwable t) {
        if (t instanceof SQLException e && isOurs(e)) {
            return e;
        }
        SQLException user = userInputError(t);
        if (user != null) {
            return user;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            SqlState s = stateOf(c);
            if (s != null) {
                return create(s, messageOf(c), t);
            }
        }
        if (t instanceof SQLException e && e.getSQLState() != null && !e.getSQLState().equals("00000")) {
            return e;
        }
        return create(SqlState.INTERNAL_ERROR, messageOf(deepest(t)), t);
    }

    /**
     * Calcite failures caused by the statement's text, with a one-line message ({@link CalciteErrors}): parse
     * errors (42601, or 0A000 for DDL), validation errors (42S02, 42S22, 42804, 42000, 23502), a VALUES list longer
     * than the columns (21S01), writes to the statistics tables (25006), DDL (0A000), an empty LIKE escape (22019),
     * text that is not a number where one is needed (22018). Null when none is in the chain. A parse error keeps
     * only the innermost exception (the one with Calcite's full report) as its cause.
     */
    private static SQLException userInputError(Throwable t) {
        String sql = null;
        boolean sqlRead = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof KvException || c instanceof KvQueryAbortedException || c instanceof KvNullValueException
                    || c instanceof KvRowCountException) {
                return null; // the engine's or adapter's own failure: stateOf classifies it
            }
            if (!sqlRead) {
                sql = CalciteErrors.sqlOf(t);
                sqlRead = true;
            }
            String name = c.getClass().getName();
            String message = String.valueOf(c.getMessage());
            if (PARSE_ERRORS.contains(name)) {
                String word = CalciteErrors.firstWord(sql);
                if (CalciteErrors.isUnsupportedStatement(word)) {
                    return create(SqlState.FEATURE_NOT_SUPPORTED, CalciteErrors.unsupportedStatementMessage(sql),
                            deepest(c));
                }
                return create(SqlState.SYNTAX_ERROR, CalciteErrors.parseMessage(c, sql), deepest(c));
            }
            if (VALIDATION_ERRORS.contains(name)) {
                return create(validationState(message), CalciteErrors.validationMessage(message, sql), deepest(c));
            }
            if (c instanceof UnsupportedOperationException && message.startsWith("DDL not supported")) {
                return create(SqlState.FEATURE_NOT_SUPPORTED, CalciteErrors.unsupportedStatementMessage(sql), c);
            }
            if (c instanceof IndexOutOfBoundsException
                    && CalciteErrors.thrownFrom(c, "SqlValidatorImpl", "TargetRowType")) {
                return create(SqlState.INSERT_VALUE_COUNT, "INSERT has more values than columns: kv has 2 columns"
                        + " (key, value)", c);
            }
            if (c instanceof IndexOutOfBoundsException && CalciteErrors.thrownFrom(c, "SqlValidatorImpl", "getNthExpr")) {
                // Calcite fails while reporting an UPDATE ... SET of a value of the wrong type
                return create(SqlState.DATATYPE_MISMATCH, "UPDATE sets a column to a value of another type: value is"
                        + " VARBINARY (write BYTES('text') or X'hex'), key is VARCHAR", c);
            }
            if (c instanceof StringIndexOutOfBoundsException && CalciteErrors.thrownFrom(c, "", "Like")) {
                return create(SqlState.INVALID_ESCAPE_CHARACTER, "invalid LIKE escape: ESCAPE takes exactly one"
                        + " character (leave ESCAPE out for no escape character)", c);
            }
            if (name.endsWith("CannotPlanException")) {
                String table = CalciteErrors.modifiedTable(message);
                if (table != null && !table.equals("kv")) {
                    String what = table.equals("kv_text") ? "it shows kv's values as text; write to kv, where"
                            + " 'text' in INSERT and UPSERT is stored as its UTF-8 bytes"
                            : "it reports the store's statistics; write to kv";
                    return create(SqlState.READ_ONLY_TRANSACTION, table + " is read-only: " + what, c);
                }
                return null;
            }
            if (message.startsWith("Unable to implement KvTableModify") && message.contains("operation=[MERGE]")) {
                return create(SqlState.FEATURE_NOT_SUPPORTED, "this MERGE is not supported: kvstore runs MERGE INTO kv"
                        + " ... ON kv.key = <source column> WHEN MATCHED THEN UPDATE SET value = ... WHEN NOT MATCHED"
                        + " THEN INSERT (key, value) ...; for an upsert, UPSERT INTO kv VALUES (?, ?) is simpler", c);
            }
            if (message.startsWith("Unable to implement") && message.contains("CURRENT_SCHEMA")) {
                return create(SqlState.FEATURE_NOT_SUPPORTED, "CURRENT_SCHEMA is not supported in queries; the"
                        + " schema is always kvstore (Connection.getSchema())", c);
            }
            if (message.startsWith("Unable to implement")) {
                String method = CalciteErrors.unresolvedMethod(c);
                if (method != null) {
                    return create(SqlState.DATATYPE_MISMATCH, "a function was given arguments of types it does not"
                            + " take (no implementation " + method + "): check the types of its arguments", c);
                }
            }
            if (c instanceof IllegalStateException && message.startsWith("more than one value in agg SINGLE_VALUE")) {
                return create(SqlState.CARDINALITY_VIOLATION, "a subquery used as a value returned more than one row",
                        c);
            }
            if (message.endsWith("unbound parameter") && !(c instanceof SQLException)) {
                return create(SqlState.PARAMETER_NOT_SET, "a ? parameter is not set: the statement has ? parameters;"
                        + " run it with a PreparedStatement", c);
            }
            if (c instanceof NumberFormatException) {
                return create(SqlState.INVALID_CHARACTER_VALUE_FOR_CAST, "cannot convert text to a number ("
                        + message + ")", t);
            }
        }
        return null;
    }

    /** Whether {@code e} carries one of this driver's states (other than the catch-all internal error). */
    private static boolean isOurs(SQLException e) {
        String s = e.getSQLState();
        if (s == null) {
            return false;
        }
        for (SqlState st : SqlState.values()) {
            if (st != SqlState.INTERNAL_ERROR && st.code().equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** The state a throwable stands for, or null if it is only a wrapper. */
    private static SqlState stateOf(Throwable c) {
        if (c instanceof KvException) {
            return engineState((KvException) c);
        }
        if (c instanceof KvQueryAbortedException q) {
            return q.reason() == KvQueryAbortedException.Reason.TIMEOUT ? SqlState.TIMEOUT : SqlState.QUERY_CANCELED;
        }
        if (c instanceof KvNullValueException) {
            return SqlState.NOT_NULL_VIOLATION;
        }
        if (c instanceof KvKeyException) {
            return SqlState.CHARACTER_NOT_IN_REPERTOIRE;
        }
        if (c instanceof KvRowCountException r) {
            return r.isOffset() ? SqlState.INVALID_ROW_COUNT_IN_OFFSET : SqlState.INVALID_ROW_COUNT_IN_LIMIT;
        }
        String name = c.getClass().getName();
        if (PARSE_ERRORS.contains(name)) {
            return SqlState.SYNTAX_ERROR;
        }
        if (VALIDATION_ERRORS.contains(name)) {
            return validationState(String.valueOf(c.getMessage()));
        }
        if (c instanceof ClassCastException && String.valueOf(c.getMessage()).contains("ByteString")) {
            return SqlState.INVALID_PARAMETER_TYPE;
        }
        if (c instanceof SQLException e && e.getSQLState() == null && "Statement canceled".equals(e.getMessage())) {
            return SqlState.QUERY_CANCELED; // Avatica's own check of the cancel flag
        }
        if (c instanceof SQLDataException e && e.getSQLState() == null) {
            return SqlState.DATA_EXCEPTION; // Avatica: a getter that cannot convert the column's type
        }
        String m = String.valueOf(c.getMessage());
        if (c instanceof ArithmeticException) {
            return m.contains("by zero") ? SqlState.DIVISION_BY_ZERO
                    : m.contains("out of range") || m.contains("overflow") ? SqlState.NUMERIC_VALUE_OUT_OF_RANGE
                    : SqlState.DATA_EXCEPTION;
        }
        if (c instanceof RuntimeException && m.startsWith("Substring error")) {
            return SqlState.SUBSTRING_ERROR; // Calcite's runtime: a negative length
        }
        if (c instanceof RuntimeException && m.startsWith("Invalid regular expression")) {
            return SqlState.INVALID_REGULAR_EXPRESSION;
        }
        if (c instanceof RuntimeException && m.startsWith("Invalid character for cast")) {
            return SqlState.INVALID_CHARACTER_VALUE_FOR_CAST;
        }
        if (c instanceof IllegalArgumentException && m.matches("Invalid (DATE|TIME|TIMESTAMP) value, .*")) {
            return SqlState.INVALID_DATETIME_FORMAT;
        }
        if (c instanceof IllegalArgumentException && m.startsWith("Cannot take logarithm")) {
            return SqlState.INVALID_LOGARITHM_ARGUMENT;
        }
        if (c instanceof IllegalArgumentException && m.matches("Value of \\w+ field is out of range.*")) {
            return SqlState.DATETIME_FIELD_OVERFLOW;
        }
        if (c instanceof NumberFormatException) {
            return SqlState.DATA_EXCEPTION;
        }
        return null;
    }

    private static SqlState validationState(String message) {
        if (message.matches("(?s).*(Object|Table) '[^']*' not found.*")) {
            return SqlState.UNDEFINED_TABLE;
        }
        if (message.contains("does not allow NULLs")) {
            return SqlState.NOT_NULL_VIOLATION;
        }
        if (message.matches("(?s).*Column '[^']*' not found.*") || message.contains("Unknown target column")
                || message.matches("(?s).*definition of column '[^']*' depends on itself.*")) {
            return SqlState.UNDEFINED_COLUMN;
        }
        if (message.contains("Cannot apply") || message.contains("Cannot assign")) {
            return SqlState.DATATYPE_MISMATCH;
        }
        if (message.contains("Cast function cannot convert value of type")) {
            return SqlState.DATATYPE_MISMATCH;
        }
        if (message.contains("No match found for function signature")
                || message.contains("Invalid number of arguments to function")) {
            return SqlState.UNDEFINED_FUNCTION;
        }
        return SqlState.SYNTAX_ERROR_OR_ACCESS_RULE;
    }

    private static SqlState engineState(KvException e) {
        if (e instanceof io.kvstore.engine.KvReplicationException r) {
            return switch (r.outcome()) {
                case NOT_LEADER -> SqlState.READ_ONLY_TRANSACTION; // as PostgreSQL's hot standby: 25006
                case UNAVAILABLE -> SqlState.SERIALIZATION_FAILURE; // not applied: retry the transaction
                case UNKNOWN -> SqlState.STATEMENT_COMPLETION_UNKNOWN;
            };
        }
        if (e instanceof KvDuplicateKeyException) {
            return SqlState.UNIQUE_VIOLATION;
        }
        if (e instanceof KvConflictException) {
            return SqlState.SERIALIZATION_FAILURE;
        }
        if (e instanceof KvLimitException) {
            return SqlState.STRING_DATA_RIGHT_TRUNCATION;
        }
        if (e instanceof KvMemoryLimitException) {
            return SqlState.OUT_OF_MEMORY;
        }
        if (e instanceof KvReadOnlyException) {
            return SqlState.READ_ONLY_TRANSACTION;
        }
        if (e instanceof KvStoreInUseException) {
            return SqlState.OBJECT_IN_USE;
        }
        if (e instanceof KvCorruptionException) {
            return SqlState.DATA_CORRUPTED;
        }
        if (e instanceof KvIOException || e instanceof KvStoreFailedException) {
            return SqlState.IO_ERROR;
        }
        if (e instanceof KvClosedException) {
            return SqlState.CONNECTION_CLOSED;
        }
        return SqlState.INTERNAL_ERROR;
    }

    /**
     * The error for a remote connection lost during a request: {@link SqlState#STATEMENT_COMPLETION_UNKNOWN}
     * (40003) when the request may have committed writes (a commit, or a statement in auto-commit mode), else
     * {@link SqlState#CONNECTION_FAILURE} (08006: the server rolls back an open transaction when its connection
     * ends, or dies with it).
     */
    public static SQLException connectionLost(String message, Throwable cause, boolean commitInFlight) {
        return commitInFlight
                ? create(SqlState.STATEMENT_COMPLETION_UNKNOWN, message + "; a commit was in flight: it may or may not"
                        + " have been applied", cause)
                : create(SqlState.CONNECTION_FAILURE, message, cause);
    }

    /** Whether a {@link java.lang.Error} is anywhere in the cause chain. */
    public static boolean hasError(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof Error) {
                return true;
            }
        }
        return false;
    }

    private static Throwable deepest(Throwable t) {
        Throwable d = t;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (d.getCause() != null && seen.add(d)) {
            d = d.getCause();
        }
        return d;
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.toString() : m;
    }
}
