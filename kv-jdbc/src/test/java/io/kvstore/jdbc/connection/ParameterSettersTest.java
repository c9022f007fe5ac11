package io.kvstore.jdbc.connection;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The setter families of {@link ParameterSetters}, on the embedded and the remote prepared statement. */
class ParameterSettersTest {
    @RegisterExtension
    static final BothModes MODES = new BothModes();

    private static byte[] stored(Connection c, String key) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void streamSetters_withLength_readExactlyThatMuch() throws Exception {
        for (Connection c : MODES.connections()) {
            String mode = c.getClass().getSimpleName();
            try (c; PreparedStatement ps = c.prepareStatement("UPSERT INTO kv VALUES (?, ?)")) {
                assertInstanceOf(ParameterSetters.class, ps);
                ps.setNString(1, mode + "-bin");
                ps.setBinaryStream(2, new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3);
                ps.executeUpdate();
                assertArrayEquals(new byte[] {1, 2, 3}, stored(c, mode + "-bin"));
                ps.setObject(1, mode + "-chars", Types.VARCHAR);
                ps.setCharacterStream(2, new StringReader("héllo"), 2L);
                ps.executeUpdate();
                assertArrayEquals("hé".getBytes(StandardCharsets.UTF_8), stored(c, mode + "-chars"));
                ps.setString(1, mode + "-ascii");
                ps.setAsciiStream(2, new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
                ps.executeUpdate();
                assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), stored(c, mode + "-ascii"));
                assertEquals("22000", sqlError(() -> ps.setBinaryStream(2, new ByteArrayInputStream(new byte[1]), 2))
                        .getSQLState());
            }
        }
    }

    @Test
    void setters_unsupportedAndOutOfRange_sameStatesBothModes() throws Exception {
        for (Connection c : MODES.connections()) {
            try (c; PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
                assertEquals("0A000", sqlError(() -> ps.setURL(1, null)).getSQLState());
                assertEquals("0A000", sqlError(() -> ps.setArray(1, null)).getSQLState());
                assertEquals("22023", sqlError(() -> ps.setInt(2, 1)).getSQLState());
                ps.setNull(1, Types.VARCHAR);
                ps.clearParameters();
                assertEquals("07001", sqlError(ps::executeQuery).getSQLState());
                assertEquals(1, ps.getParameterMetaData().getParameterCount());
                ps.close();
                assertEquals("HY010", sqlError(() -> ps.setString(1, "k")).getSQLState());
            }
        }
    }
}
