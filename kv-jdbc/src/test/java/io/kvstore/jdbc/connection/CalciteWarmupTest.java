package io.kvstore.jdbc.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The background warm-up of Calcite: best effort, on its own store, never in a statement's way. */
class CalciteWarmupTest {

    @Test
    void run_onItsOwnThread_completesWithoutThrowing() {
        // bounded only against a hang (the machine may be loaded): the warm-up plans two statements
        assertTimeoutPreemptively(Duration.ofMinutes(2), CalciteWarmup::run);
    }

    @Test
    void start_twiceWhileConnectionsPlan_statementsGiveTheirResults() throws Exception {
        String delay = System.getProperty(CalciteWarmup.DELAY_PROPERTY);
        System.setProperty(CalciteWarmup.DELAY_PROPERTY, "0"); // at once, beside this test's statements
        try {
            CalciteWarmup.start();
            CalciteWarmup.start();
        } finally {
            if (delay == null) {
                System.clearProperty(CalciteWarmup.DELAY_PROPERTY);
            } else {
                System.setProperty(CalciteWarmup.DELAY_PROPERTY, delay);
            }
        }
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                ps.setString(1, "a");
                ps.setBytes(2, "xyz".getBytes(UTF_8));
                ps.executeUpdate();
            }
            // planned by Calcite (a function the front door does not take), maybe while the warm-up still runs
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT key, CHAR_LENGTH(key) AS n, UPPER(key) AS u FROM kv"
                         + " WHERE key IN ('a', 'b')")) {
                assertTrue(rs.next());
                assertEquals("a", rs.getString(1));
                assertEquals(1, rs.getInt(2));
                assertEquals("A", rs.getString(3));
                assertFalse(rs.next());
            }
            // the warm-up's own store is not this one: the count is this store's
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
            }
        }
    }

    @Test
    void start_turnedOffByProperty_doesNothing() throws SQLException {
        String old = System.getProperty(CalciteWarmup.PROPERTY);
        System.setProperty(CalciteWarmup.PROPERTY, "false");
        try {
            CalciteWarmup.start(); // returns at once; whether it ran before in this JVM does not matter
            try (Connection c = DriverManager.getConnection(TestUrls.mem());
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
        } finally {
            if (old == null) {
                System.clearProperty(CalciteWarmup.PROPERTY);
            } else {
                System.setProperty(CalciteWarmup.PROPERTY, old);
            }
        }
    }
}
