package io.kvstore.jdbc.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.jdbc.TestUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same statements on an embedded connection and on a remote one (each on its own fresh store): same columns,
 * rows, counts, and for failures the same exception class, SQLState and message.
 */
class RemoteDifferentialTest {
    private static final List<String> STATEMENTS = List.of(
            "INSERT INTO kv (key, value) VALUES ('a', BYTES('alpha')), ('b', BYTES('beta')), ('c', X'00ff')",
            "INSERT INTO kv (key, value) VALUES ('a', BYTES('again'))",
            "SELECT * FROM kv WHERE key = 'a'",
            "SELECT key, TEXT(value) AS t FROM kv ORDER BY key",
            "SELECT key FROM kv WHERE key IN ('a', 'c', 'zz')",
            "SELECT count(*) FROM kv",
            "SELECT key, value FROM kv WHERE key >= 'b' ORDER BY key DESC",
            "SELECT key, OCTET_LENGTH(value) FROM kv WHERE key LIKE 'a%'",
            "SELECT * FROM kv_text WHERE key = 'b'",
            "SELECT k1.key FROM kv k1 JOIN kv k2 ON k1.key = k2.key ORDER BY 1",
            "UPDATE kv SET value = BYTES('ALPHA') WHERE key = 'a'",
            "DELETE FROM kv WHERE key = 'nothing'",
            "DELETE FROM kv WHERE key = 'c'",
            "SELEC * FROM kv",
            "SELECT * FROM nosuch",
            "SELECT nme FROM kv",
            "SELECT key FROM kv WHERE key = 1",
            "SELECT value FROM kv WHERE value = 1",
            "CREATE TABLE t (x INT)",
            "INSERT INTO kv_stats (entries) VALUES (1)",
            "INSERT INTO kv (key, value) VALUES (NULL, BYTES('x'))",
            "SELECT 1/0 FROM kv WHERE key = 'a'",
            "SELECT key, value FROM kv ORDER BY key");

    @Test
    void statements_remoteAndEmbedded_sameOutcomes() throws Exception {
        try (RemoteFixture fx = new RemoteFixture(null);
             Connection remote = fx.remote();
             Connection embedded = DriverManager.getConnection(TestUrls.mem());
             Statement r = remote.createStatement();
             Statement e = embedded.createStatement()) {
            List<String> expected = Differential.outcomes(e, STATEMENTS);
            List<String> actual = Differential.outcomes(r, STATEMENTS);
            for (int i = 0; i < STATEMENTS.size(); i++) {
                assertEquals(expected.get(i), actual.get(i));
            }
        }
    }
}
