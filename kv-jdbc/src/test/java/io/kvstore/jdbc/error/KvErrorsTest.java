package io.kvstore.jdbc.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvClosedException;
import io.kvstore.engine.KvConflictException;
import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvIOException;
import io.kvstore.engine.KvLimitException;
import io.kvstore.engine.KvMemoryLimitException;
import io.kvstore.engine.KvReadOnlyException;
import io.kvstore.engine.KvStoreFailedException;
import io.kvstore.engine.KvStoreInUseException;
import io.kvstore.jdbc.KvOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping itself, for engine exceptions that are hard to provoke through SQL. */
class KvErrorsTest {

    private static Map<RuntimeException, String> engineExceptions() {
        Map<RuntimeException, String> m = new LinkedHashMap<>();
        m.put(new KvDuplicateKeyException("dup"), "23505");
        m.put(new KvConflictException("conflict"), "40001");
        m.put(new KvLimitException("too large"), "22001");
        m.put(new KvMemoryLimitException("full"), "53200");
        m.put(new KvReadOnlyException("ro"), "25006");
        m.put(new KvStoreInUseException("in use"), "55006");
        m.put(new KvCorruptionException(Path.of("wal-1.log"), 7, "bad crc"), "XX001");
        m.put(new KvIOException("disk"), "58030");
        m.put(new KvStoreFailedException("failed"), "58030");
        m.put(new KvClosedException("closed"), "08003");
        m.put(new io.kvstore.engine.KvReplicationException(io.kvstore.engine.KvReplicationException.Outcome.NOT_LEADER,
                "follower; leader: h:1", "h:1", null), "25006");
        m.put(new io.kvstore.engine.KvReplicationException(io.kvstore.engine.KvReplicationException.Outcome.UNAVAILABLE,
                "no leader", null, null), "40001");
        m.put(new io.kvstore.engine.KvReplicationException(io.kvstore.engine.KvReplicationException.Outcome.UNKNOWN,
                "leadership lost", null, null), "40003");
        return m;
    }

    @Test
    void translate_engineExceptionDeepInCauseChain_hasItsStateAndMessage() {
        for (Map.Entry<RuntimeException, String> e : engineExceptions().entrySet()) {
            Throwable wrapped = new SQLException("Error while executing SQL",
                    new RuntimeException("wrapper", e.getKey()));
            SQLException s = KvErrors.translate(wrapped);
            assertEquals(e.getValue(), s.getSQLState(), e.getKey().toString());
            assertEquals(e.getKey().getMessage(), s.getMessage());
            assertSame(wrapped, s.getCause());
        }
    }

    @Test
    void translate_choosesSubclassByState() {
        assertInstanceOf(SQLTransactionRollbackException.class,
                KvErrors.translate(new KvConflictException("c")));
        assertInstanceOf(SQLIntegrityConstraintViolationException.class,
                KvErrors.translate(new KvDuplicateKeyException("d")));
        assertInstanceOf(SQLNonTransientConnectionException.class, KvErrors.translate(new KvClosedException("c")));
    }

    @Test
    void connectionLost_commitInFlight_isOutcomeUnknown_else08006() {
        SQLException inFlight = KvErrors.connectionLost("lost", null, true);
        assertEquals("40003", inFlight.getSQLState());
        assertInstanceOf(java.sql.SQLTransientConnectionException.class, inFlight);
        assertEquals("08006", KvErrors.connectionLost("lost", null, false).getSQLState());
    }

    @Test
    void translate_oursAsIs_unknownIsInternal() {
        SQLException ours = KvErrors.create(SqlState.UNIQUE_VIOLATION, "x");
        assertSame(ours, KvErrors.translate(ours));
        SQLException unknown = KvErrors.translate(new IllegalStateException("boom"));
        assertEquals("XX000", unknown.getSQLState());
        assertTrue(unknown.getMessage().contains("boom"));
    }

    @Test
    void docs_sqlStateTable_listsEveryState() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("..", "docs", "jdbc.md"));
        for (SqlState s : SqlState.values()) {
            assertTrue(doc.contains("| `" + s.code() + "` |"), s.code() + " missing from docs/jdbc.md");
        }
        for (KvOption o : KvOption.values()) {
            assertTrue(doc.contains("`" + o.key() + "`"), o.key() + " missing from docs/jdbc.md");
        }
    }

    @Test
    void sqlStates_areFiveCharactersAndUnique() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SqlState s : SqlState.values()) {
            assertEquals(5, s.code().length(), s.name());
            assertTrue(seen.add(s.code()), s.code());
        }
    }
}
