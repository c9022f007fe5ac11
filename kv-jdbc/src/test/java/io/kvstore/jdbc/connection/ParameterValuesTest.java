package io.kvstore.jdbc.connection;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {
    private static final ParameterValues.Check AS_IS = (v, i) -> v;

    @Test
    void set_indexOutOfRange_is22023() {
        ParameterValues p = new ParameterValues(new int[] {Types.VARCHAR});
        assertEquals("22023", sqlError(() -> p.set(0, "a")).getSQLState());
        assertEquals("22023", sqlError(() -> p.set(2, "a")).getSQLState());
    }

    @Test
    void bind_unsetParameter_is07001NamingIt() throws SQLException {
        ParameterValues p = new ParameterValues(new int[] {Types.VARCHAR, Types.VARBINARY});
        p.set(1, "k");
        SQLException e = sqlError(() -> p.bind(p.current(), AS_IS));
        assertEquals("07001", e.getSQLState());
        assertEquals("parameter 2 is not set", e.getMessage());
        p.set(2, "v");
        p.clear();
        assertEquals("07001", sqlError(() -> p.bind(p.current(), AS_IS)).getSQLState());
    }

    @Test
    void bind_values_convertedToTheirTypesThenChecked() throws SQLException {
        ParameterValues p = new ParameterValues(new int[] {Types.VARCHAR, Types.VARBINARY});
        p.set(1, 42);
        p.set(2, "ab");
        List<Integer> checked = new ArrayList<>();
        Object[] b = p.bind(p.current(), (v, i) -> {
            checked.add(i);
            return v;
        });
        assertEquals("42", b[0]);
        assertArrayEquals("ab".getBytes(java.nio.charset.StandardCharsets.UTF_8), (byte[]) b[1]);
        assertEquals(List.of(0, 1), checked);
    }

    @Test
    void takeBatch_rowsAdded_areCopiesAndTakenOnce() throws SQLException {
        ParameterValues p = new ParameterValues(new int[] {Types.VARCHAR});
        p.set(1, "a");
        p.addBatch();
        p.set(1, "b");
        p.addBatch();
        List<Object[]> rows = p.takeBatch();
        assertEquals(2, rows.size());
        assertEquals("a", rows.get(0)[0]);
        assertEquals("b", rows.get(1)[0]);
        assertEquals(0, p.takeBatch().size());
        p.addBatch();
        p.clearBatch();
        assertEquals(0, p.takeBatch().size());
    }
}
