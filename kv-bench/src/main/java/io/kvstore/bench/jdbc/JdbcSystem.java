package io.kvstore.bench.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One database reached through JDBC, as the harness sees it: how to name its store in a directory, how to connect
 * with its benchmarked settings, how to create the {@code kv(key, value)} table, and what a commit guarantees.
 * Every workload uses the same SQL text on every system.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the name in reports
 * @param driverClass loaded by name before connecting (a missing class is not an error: the connection then
 *        fails, and the system's figures are reported as n/a)
 * @param urlPrefix the URL is this prefix followed by the store path, then {@code urlSuffix}
 * @param storeName the file or directory name of the store inside the scratch directory
 * @param properties connection properties
 * @param createTable DDL run once on a new store, or null when the driver provides the table itself
 * @param durability what a successful commit guarantees with these settings
 * @param settingQueries queries whose one-value answers show the durability settings actually in force; the report
 *        states what they returned in the same run
 */
public record JdbcSystem(String name, String driverClass, String urlPrefix, String storeName, String urlSuffix,
                         Map<String, String> properties, String createTable, String durability,
                         List<String> settingQueries) {

    /** kvstore through its own driver, default settings. */
    public static final JdbcSystem KVSTORE = new JdbcSystem("kvstore", "io.kvstore.jdbc.KvDriver",
            "jdbc:kvstore:", "kvstore", "", Map.of(), null,
            "driver defaults: SyncPolicy.ALWAYS, each commit forced to disk (fdatasync, group commit) before it returns",
            List.of());

    /** H2 2.x, embedded, file store, default settings ({@code NON_KEYWORDS} only lets the SQL say key and value). */
    public static final JdbcSystem H2 = new JdbcSystem("H2", "org.h2.Driver",
            "jdbc:h2:file:", "h2/bench", ";NON_KEYWORDS=KEY,VALUE", Map.of(),
            "CREATE TABLE kv(key VARCHAR PRIMARY KEY, value VARBINARY)",
            "defaults: a commit is written to the file by a background thread within WRITE_DELAY ms, not forced per commit",
            List.of("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'"));

    /** SQLite through xerial sqlite-jdbc, WAL journal, synchronous=FULL. */
    public static final JdbcSystem SQLITE = new JdbcSystem("SQLite", "org.sqlite.JDBC",
            "jdbc:sqlite:", "sqlite.db", "",
            Map.of("journal_mode", "WAL", "synchronous", "FULL", "busy_timeout", "60000"),
            "CREATE TABLE kv(key VARCHAR PRIMARY KEY, value BLOB)",
            "journal_mode=WAL, synchronous=FULL: each commit fsyncs the WAL before it returns",
            List.of("PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA cache_size"));

    /** The three systems, kvstore first. */
    public static final List<JdbcSystem> ALL = List.of(KVSTORE, H2, SQLITE);

    /** The JDBC URL of this system's store in {@code dir}. */
    public String url(Path dir) {
        return urlPrefix + dir.resolve(storeName).toAbsolutePath() + urlSuffix;
    }

    /** Connection properties as {@link Properties}. */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }

    /**
     * Opens a connection (auto-commit as the driver sets it by default).
     *
     * @throws SQLException no driver accepts the URL, or the store cannot be opened
     */
    public Connection connect(Path dir) throws SQLException {
        loadDriver();
        return DriverManager.getConnection(url(dir), jdbcProperties());
    }

    /** Loads the driver class if it is on the class path; does nothing otherwise. */
    public void loadDriver() {
        try {
            Class.forName(driverClass);
        } catch (ClassNotFoundException | LinkageError e) {
            // reported when connecting fails
        }
    }

    /**
     * Each of {@link #settingQueries} with its answer, as {@code name = answer; ...} (the setting's name for an
     * INFORMATION_SCHEMA query, else the query), or an empty string.
     */
    public String observedSettings(Connection c) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement s = c.createStatement()) {
            for (String q : settingQueries) {
                try (ResultSet rs = s.executeQuery(q)) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("SETTING_NAME = '([^']+)'").matcher(q);
                    b.append(b.length() == 0 ? "" : "; ").append(m.find() ? m.group(1) : q).append(" = ")
                            .append(rs.next() ? rs.getString(1) : "(no row)");
                }
            }
        }
        return b.toString();
    }

    /** Creates the table on a new store (nothing when the driver provides it). */
    public void createTable(Connection c) throws SQLException {
        if (createTable != null) {
            try (Statement s = c.createStatement()) {
                s.execute(createTable);
            }
        }
    }
}
