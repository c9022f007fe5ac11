package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SessionSqlTest {
    private static SessionSql.Command cmd(SessionSql.Kind kind, String name) {
        return new SessionSql.Command(kind, name);
    }

    @Test
    void parse_transactionControlSpellings_recognized() {
        for (String s : new String[] {"BEGIN", "begin work", "Begin Transaction", "START TRANSACTION", " begin ; "}) {
            assertEquals(cmd(SessionSql.Kind.BEGIN, null), SessionSql.parse(s), s);
        }
        for (String s : new String[] {"COMMIT", "commit work", "COMMIT TRANSACTION", "end", "-- done\nCOMMIT"}) {
            assertEquals(cmd(SessionSql.Kind.COMMIT, null), SessionSql.parse(s), s);
        }
        for (String s : new String[] {"ROLLBACK", "rollback work", "/* undo */ ROLLBACK TRANSACTION", "abort"}) {
            assertEquals(cmd(SessionSql.Kind.ROLLBACK, null), SessionSql.parse(s), s);
        }
    }

    @Test
    void parse_savepointsSchemaShowDescribe_recognizedWithNames() {
        assertEquals(cmd(SessionSql.Kind.SAVEPOINT, "sp1"), SessionSql.parse("SAVEPOINT sp1"));
        assertEquals(cmd(SessionSql.Kind.RELEASE_SAVEPOINT, "sp1"), SessionSql.parse("release savepoint sp1"));
        assertEquals(cmd(SessionSql.Kind.ROLLBACK_TO_SAVEPOINT, "sp1"), SessionSql.parse("ROLLBACK TO SAVEPOINT sp1"));
        assertEquals(cmd(SessionSql.Kind.ROLLBACK_TO_SAVEPOINT, "sp1"), SessionSql.parse("rollback work to sp1"));
        assertEquals(cmd(SessionSql.Kind.SET_SCHEMA, "kvstore"), SessionSql.parse("SET SCHEMA 'kvstore'"));
        assertEquals(cmd(SessionSql.Kind.SHOW_TABLES, null), SessionSql.parse("show tables;"));
        assertEquals(cmd(SessionSql.Kind.DESCRIBE, "kv"), SessionSql.parse("DESCRIBE kv"));
        assertEquals(cmd(SessionSql.Kind.DESCRIBE, "kvstore.kv"), SessionSql.parse("desc table kvstore.kv"));
        assertEquals(cmd(SessionSql.Kind.DESCRIBE, "kv"), SessionSql.parse("DESCRIBE \"kv\""));
    }

    @Test
    void parse_otherStatements_null() {
        for (String s : new String[] {"select 1", "begin select", "COMMIT now please", "insert into kv values ('BEGIN', x'00')",
            "SET x = 1", "SHOW kv", "DESCRIBE", "ROLLBACK TO", "", "start", "'unclosed"}) {
            assertNull(SessionSql.parse(s), s);
        }
    }

    @Test
    void withoutRowLock_forUpdateVariants_stripped() {
        assertEquals("select key from kv where key = 'a'",
                SessionSql.withoutRowLock("select key from kv where key = 'a' for update"));
        assertEquals("SELECT * FROM kv", SessionSql.withoutRowLock("SELECT * FROM kv FOR UPDATE OF kv NOWAIT"));
        assertEquals("select * from kv", SessionSql.withoutRowLock("select * from kv for share skip locked"));
        assertEquals("select e1_0.key from kv e1_0 where e1_0.key=?",
                SessionSql.withoutRowLock("select e1_0.key from kv e1_0 where e1_0.key=? for update"));
    }

    @Test
    void withoutRowLock_insideLiteralOrNotQuery_unchanged() {
        for (String s : new String[] {"select key from kv where key = ' for update'", "select * from kv",
            "update kv set value = x'00' where key = 'for update'", "select \"for update\" from kv"}) {
            assertEquals(s, SessionSql.withoutRowLock(s), s);
        }
    }
}
