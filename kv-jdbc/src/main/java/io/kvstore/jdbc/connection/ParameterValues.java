package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of one prepared statement, embedded or remote: their SQL types, the values set (as read by
 * {@link Parameters#materialize}) and the rows added to the batch, and their conversion for an execution.
 *
 * <p>Errors: an index out of range fails with {@link SqlState#INVALID_PARAMETER_VALUE}; a parameter not set at
 * execution with {@link SqlState#PARAMETER_NOT_SET}; a value its type cannot take with what
 * {@link Parameters#convert} throws ({@link SqlState#INVALID_PARAMETER_TYPE}).
 *
 * <p>Thread-safety: none; used by its statement's one thread at a time.
 */
public final class ParameterValues {
    private static final Object UNSET = new Object() {
        @Override
        public String toString() {
            return "UNSET";
        }
    };

    /** Further checks of one converted value, in parameter order; returns what is bound. */
    @FunctionalInterface
    public interface Check {
        Object bind(Object converted, int index) throws SQLException;
    }

    private final int[] types;
    private final Object[] values;
    private final List<Object[]> batch = new ArrayList<>();

    /** Parameters of these SQL types ({@code java.sql.Types}), none set. */
    public ParameterValues(int[] types) {
        this.types = types.clone();
        this.values = new Object[types.length];
        Arrays.fill(values, UNSET);
    }

    /** The number of parameters. */
    public int count() {
        return types.length;
    }

    /** The SQL type of parameter {@code index} (0-based). */
    public int type(int index) {
        return types[index];
    }

    /** Their description for {@code PreparedStatement.getParameterMetaData}. */
    public ParameterMetaData metaData() {
        return new KvParameterMetaData(types);
    }

    /** Sets parameter {@code index} (1-based) to {@code value}, already materialized. */
    public void set(int index, Object value) throws SQLException {
        if (index < 1 || index > values.length) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "parameter index " + index + " out of range 1.."
                    + values.length);
        }
        values[index - 1] = value;
    }

    /** Unsets every parameter. */
    public void clear() {
        Arrays.fill(values, UNSET);
    }

    /** The values as set now (not a copy: bind them before they change). */
    public Object[] current() {
        return values;
    }

    /** Adds the values as set now to the batch. */
    public void addBatch() {
        batch.add(values.clone());
    }

    public void clearBatch() {
        batch.clear();
    }

    /** The rows added since the last batch ran, which are forgotten. */
    public List<Object[]> takeBatch() {
        List<Object[]> todo = new ArrayList<>(batch);
        batch.clear();
        return todo;
    }

    /**
     * Converts {@code row} (values as set) into {@code out} (same length) for execution, each to its parameter's
     * type and then through {@code check}; returns {@code out}.
     */
    public Object[] bindInto(Object[] row, Object[] out, Check check) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == UNSET) {
                throw KvErrors.create(SqlState.PARAMETER_NOT_SET, "parameter " + (i + 1) + " is not set");
            }
            out[i] = check.bind(Parameters.convert(row[i], types[i], i + 1), i);
        }
        return out;
    }

    /** {@link #bindInto} a new array. */
    public Object[] bind(Object[] row, Check check) throws SQLException {
        return bindInto(row, new Object[row.length], check);
    }
}
