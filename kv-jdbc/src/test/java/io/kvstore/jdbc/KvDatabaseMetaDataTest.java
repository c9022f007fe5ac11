package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metadata as DBeaver, sqlline and Spring call it. */
class KvDatabaseMetaDataTest {
    private Connection c;
    private DatabaseMetaData md;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection(TestUrls.mem());
        md = c.getMetaData();
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    /** Rows as lists of the named columns' strings. */
    private static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (String col : columns) {
                    row.add(rs.getString(col));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void everyNoArgMethod_answersOrIsNotSupported() throws Exception {
        for (Method m : DatabaseMetaData.class.getMethods()) {
            if (m.getParameterCount() != 0 || m.getName().equals("getConnection")) {
                continue;
            }
            try {
                Object r = m.invoke(md);
                if (r instanceof ResultSet rs) {
                    try (rs) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                rs.getObject(i);
                            }
                        }
                    }
                }
            } catch (InvocationTargetException e) {
                assertTrue(e.getCause() instanceof SQLFeatureNotSupportedException, m.getName() + ": " + e.getCause());
            }
        }
    }

    @Test
    void productAndQuoting_asSqllineNeeds() throws SQLException {
        assertEquals("kvstore", md.getDatabaseProductName());
        assertNotNull(md.getDatabaseProductVersion());
        assertNotNull(md.getDriverVersion());
        assertEquals("\"", md.getIdentifierQuoteString());
        assertNotNull(md.getSQLKeywords());
        assertTrue(md.supportsTransactions());
        assertFalse(md.isReadOnly());
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, md.getDefaultTransactionIsolation());
        assertTrue(md.storesLowerCaseIdentifiers());
        assertFalse(md.storesUpperCaseIdentifiers());
        assertFalse(md.storesMixedCaseIdentifiers());
        assertFalse(md.supportsMixedCaseIdentifiers());
        assertFalse(md.supportsMixedCaseQuotedIdentifiers());
        assertTrue(md.isWrapperFor(DatabaseMetaData.class));
        assertEquals(c, md.getConnection());
    }

    @Test
    void schemasAndTables_asDBeaverBrowses() throws SQLException {
        assertEquals(List.of(List.of("kvstore")), rows(md.getSchemas(), "TABLE_SCHEM"));
        assertEquals(List.of(), rows(md.getCatalogs(), "TABLE_CAT"));
        assertEquals(List.of(List.of("SYSTEM TABLE"), List.of("TABLE")), rows(md.getTableTypes(), "TABLE_TYPE"));
        assertEquals(List.of(List.of("kvstore", "kv_snapshot", "SYSTEM TABLE"),
                        List.of("kvstore", "kv_stats", "SYSTEM TABLE"), List.of("kvstore", "kv", "TABLE")),
                rows(md.getTables(null, "kvstore", "%", null), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
        assertEquals(List.of(List.of("kv")), rows(md.getTables(null, null, "%", new String[] {"TABLE"}),
                "TABLE_NAME"));
        assertEquals(List.of(List.of("kv")), rows(md.getTables("", "KVSTORE", "KV", null), "TABLE_NAME"));
        assertEquals(List.of(List.of("kv_stats")), rows(md.getTables(null, null, "kv\\_st%", null), "TABLE_NAME"));
        assertEquals(List.of(), rows(md.getTables("other", null, "%", null), "TABLE_NAME"));
        assertEquals(List.of(), rows(md.getTables(null, "nope", "%", null), "TABLE_NAME"));
    }

    @Test
    void columns_keyVarcharValueVarbinaryNotNull() throws SQLException {
        ResultSet rs = md.getColumns(null, "kvstore", "kv", "%");
        ResultSetMetaData rsmd = rs.getMetaData();
        assertEquals(24, rsmd.getColumnCount());
        assertEquals("IS_GENERATEDCOLUMN", rsmd.getColumnLabel(24));
        List<List<String>> cols = rows(rs, "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "NULLABLE",
                "IS_NULLABLE", "ORDINAL_POSITION");
        assertEquals(List.of(
                List.of("kv", "key", "" + Types.VARCHAR, "VARCHAR", "" + DatabaseMetaData.columnNoNulls, "NO", "1"),
                List.of("kv", "value", "" + Types.VARBINARY, "VARBINARY", "" + DatabaseMetaData.columnNoNulls, "NO",
                        "2")), cols);
        // Spring re-cases names by storesLowerCaseIdentifiers; DBeaver passes them as reported.
        assertEquals(2, rows(md.getColumns(null, null, "KV", null), "COLUMN_NAME").size());
        assertEquals(14, rows(md.getColumns(null, null, "kv_stats", "%"), "COLUMN_NAME").size());
        assertEquals(List.of(List.of("value")), rows(md.getColumns(null, null, "kv", "val%"), "COLUMN_NAME"));
    }

    @Test
    void primaryKeyAndUniqueIndex_onKey() throws SQLException {
        assertEquals(List.of(List.of("kvstore", "kv", "key", "1", "kv_pkey")),
                rows(md.getPrimaryKeys(null, "kvstore", "kv"), "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
                        "PK_NAME"));
        assertEquals(List.of(List.of("kv", "false", "kv_pkey", "key", "1")),
                rows(md.getIndexInfo(null, "kvstore", "kv", false, true), "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME",
                        "COLUMN_NAME", "ORDINAL_POSITION"));
        assertEquals(1, rows(md.getIndexInfo(null, null, "kv", true, false), "INDEX_NAME").size());
        assertEquals(List.of(), rows(md.getPrimaryKeys(null, null, "kv_stats"), "COLUMN_NAME"));
        assertEquals(List.of(), rows(md.getImportedKeys(null, "kvstore", "kv"), "PKTABLE_NAME"));
        assertEquals(List.of(), rows(md.getExportedKeys(null, "kvstore", "kv"), "PKTABLE_NAME"));
        assertEquals(List.of(List.of("key")), rows(md.getBestRowIdentifier(null, null, "kv",
                DatabaseMetaData.bestRowSession, false), "COLUMN_NAME"));
    }

    @Test
    void metadataRows_typedGetters_convertAndReportNull() throws SQLException {
        try (ResultSet rs = md.getColumns(null, null, "kv", "key")) {
            assertTrue(rs.next());
            assertEquals(Types.VARCHAR, rs.getInt("DATA_TYPE"));
            assertEquals((short) DatabaseMetaData.columnNoNulls, rs.getShort("NULLABLE"));
            assertEquals(1L, rs.getLong("ORDINAL_POSITION"));
            assertNull(rs.getString("REMARKS"));
            assertTrue(rs.wasNull());
            assertEquals(0, rs.getInt("DECIMAL_DIGITS"));
            assertTrue(rs.wasNull());
            assertEquals("key", rs.getObject("COLUMN_NAME", String.class));
            assertFalse(rs.next());
        }
        try (ResultSet rs = md.getIndexInfo(null, null, "kv", true, true)) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean("NON_UNIQUE"));
            assertEquals(DatabaseMetaData.tableIndexHashed, rs.getShort("TYPE"));
            assertEquals("22000", TestUrls.sqlError(() -> rs.getInt("INDEX_NAME")).getSQLState());
            assertEquals("42S22", TestUrls.sqlError(() -> rs.getInt("NO_SUCH_COLUMN")).getSQLState());
        }
    }

    @Test
    void typeInfo_listsColumnTypes() throws SQLException {
        List<List<String>> types = rows(md.getTypeInfo(), "TYPE_NAME", "DATA_TYPE");
        assertTrue(types.contains(List.of("VARCHAR", "" + Types.VARCHAR)), types::toString);
        assertTrue(types.contains(List.of("VARBINARY", "" + Types.VARBINARY)), types::toString);
    }

    @Test
    void namesFromMetadata_quotedAndQualified_workInSql() throws SQLException {
        // What DBeaver writes when saving an edited cell: names exactly as metadata reported them, quoted.
        String q = md.getIdentifierQuoteString();
        try (Statement st = c.createStatement()) {
            st.executeUpdate("insert into kv values ('k', x'01')");
        }
        String update = "UPDATE " + q + "kvstore" + q + "." + q + "kv" + q + " SET " + q + "value" + q + "=? WHERE "
                + q + "key" + q + "=?";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setBytes(1, new byte[] {9, 8});
            ps.setString(2, "k");
            assertEquals(1, ps.executeUpdate());
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select " + q + "value" + q + " from " + q + "kvstore" + q + "." + q
                     + "kv" + q + " where value = x'0908'")) {
            assertTrue(rs.next());
            assertArrayEquals(new byte[] {9, 8}, (byte[]) rs.getObject(1));
            assertFalse(rs.next());
        }
    }

    @Test
    void metadataResultSet_close_marksClosed() throws SQLException {
        ResultSet rs = md.getTables(null, null, "%", null);
        assertNull(rs.getStatement());
        assertTrue(rs.next());
        rs.close();
        assertTrue(rs.isClosed());
    }
}
