package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.jdbc.connection.SqlText.RowCount;
import org.junit.jupiter.api.Test;

/** Which {@code ?} parameters are LIMIT/OFFSET row counts. */
class SqlTextTest {
    @Test
    void rowCountParameters_afterLimitOffsetFetch() {
        assertArrayEquals(new RowCount[] {RowCount.NONE, RowCount.LIMIT, RowCount.OFFSET},
                SqlText.rowCountParameters("select * from kv where key > ? limit ? offset ?"));
        assertArrayEquals(new RowCount[] {RowCount.OFFSET, RowCount.LIMIT},
                SqlText.rowCountParameters("select key from kv order by key OFFSET ? ROWS FETCH NEXT ? ROWS ONLY"));
        assertArrayEquals(new RowCount[] {RowCount.LIMIT},
                SqlText.rowCountParameters("select key from kv fetch first ? rows only"));
    }

    @Test
    void rowCountParameters_noneOrQuoted_null() {
        assertNull(SqlText.rowCountParameters("select * from kv where key = ?"));
        assertNull(SqlText.rowCountParameters("select 'limit ?' from kv where key = ?"));
        assertNull(SqlText.rowCountParameters("select \"limit\" from kv -- limit ?"));
        assertNull(SqlText.rowCountParameters("select * from kv where key = 'unclosed"));
    }
}
