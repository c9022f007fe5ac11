package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What DBeaver does with a generic driver (see shared notes on clients): load the all-in-one jar in its own class
 * loader, instantiate the driver by class name, show its properties, connect twice to the same embedded path
 * built from the URL template, browse metadata with {@code %}, and save an edited cell with a fully qualified,
 * quoted UPDATE.
 */
class DbeaverStyleIT {
    private static final String DRIVER_CLASS = "io.kvstore.jdbc.KvDriver";
    private static final String URL_TEMPLATE = "jdbc:kvstore:{file}";

    @Test
    void genericDriver_fromAllJarAlone_connectsBrowsesAndSavesEditedCell() throws Exception {
        String url = URL_TEMPLATE.replace("{file}", ItPaths.freshDir("dbeaver").resolve("store").toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {ItPaths.allJar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName(DRIVER_CLASS, true, loader).getDeclaredConstructor().newInstance();
            assertTrue(driver.acceptsURL(url));
            DriverPropertyInfo[] props = driver.getPropertyInfo(url, new Properties());
            assertTrue(Arrays.stream(props).anyMatch(p -> p.name.equals("sync")), "sync not among driver properties");

            try (Connection main = driver.connect(url, new Properties());
                 Connection metadataConnection = driver.connect(url, new Properties())) {
                assertNotNull(main);
                try (Statement s = main.createStatement()) {
                    s.executeUpdate("INSERT INTO kv (key, value) VALUES ('row1', BYTES('before'))");
                }
                DatabaseMetaData md = metadataConnection.getMetaData();
                String quote = md.getIdentifierQuoteString();
                assertEquals(1, quote.length());
                assertNotNull(md.getSQLKeywords());

                List<String[]> tables = rows(md.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME");
                String[] kv = tables.stream().filter(t -> t[1].equals("kv")).findFirst().orElseThrow();
                String schema = kv[0];
                assertEquals(List.of("key", "value"), rows(md.getColumns(null, schema, "kv", "%"), "COLUMN_NAME")
                        .stream().map(r -> r[0]).toList());
                assertEquals(List.of("key"), rows(md.getPrimaryKeys(null, schema, "kv"), "COLUMN_NAME")
                        .stream().map(r -> r[0]).toList());
                assertFalse(rows(md.getIndexInfo(null, schema, "kv", false, true), "INDEX_NAME").isEmpty());
                rows(md.getImportedKeys(null, schema, "kv"), "PKTABLE_NAME");

                String update = "UPDATE " + quote + schema + quote + "." + quote + "kv" + quote
                        + " SET value=? WHERE " + quote + "key" + quote + "=?";
                try (PreparedStatement ps = main.prepareStatement(update)) {
                    ps.setBytes(1, "after".getBytes(StandardCharsets.UTF_8));
                    ps.setString(2, "row1");
                    assertEquals(1, ps.executeUpdate());
                }
                try (Statement s = metadataConnection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT * FROM kv")) {
                    assertTrue(rs.next());
                    assertEquals("row1", rs.getObject(1));
                    Object value = rs.getObject(2);
                    assertTrue(value instanceof byte[], () -> "getObject on value gave " + value.getClass());
                    assertArrayEquals("after".getBytes(StandardCharsets.UTF_8), (byte[]) value);
                    assertFalse(rs.next());
                }
            }
        }
    }

    private static List<String[]> rows(ResultSet rs, String... columns) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                String[] row = new String[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    row[i] = rs.getString(columns[i]);
                }
                out.add(row);
            }
        }
        return out;
    }
}
