package io.kvstore.server.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shell's expiry commands against a store with a controlled clock. */
class ShellExpiryTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final KvStore store = KvStore.inMemory(KvOptions.builder().clock(clock::get).expirySweepMillis(0).build());
    private final StringWriter buffer = new StringWriter();
    private final ShellSession session = new ShellSession(store, new PrintWriter(buffer));

    @AfterEach
    void close() {
        store.close();
    }

    private String run(String line) {
        buffer.getBuffer().setLength(0);
        session.execute(line);
        return buffer.toString();
    }

    @Test
    void setEx_ttlCountsDown_thenKeyIsGone() {
        assertEquals("OK\n", run("SET k v EX 10"));
        assertEquals("(integer) 10\n", run("TTL k"));
        assertEquals("(integer) 10000\n", run("PTTL k"));
        clock.addAndGet(9_400);
        assertEquals("(integer) 1\n", run("TTL k"));
        assertEquals("(integer) 600\n", run("PTTL k"));
        clock.addAndGet(600);
        assertEquals("(nil)\n", run("GET k"));
        assertEquals("(integer) -2\n", run("TTL k"));
    }

    @Test
    void expirePexpirePersist_redisReplies() {
        assertEquals("(integer) 0\n", run("EXPIRE missing 5"));
        run("SET k v");
        assertEquals("(integer) -1\n", run("TTL k"));
        assertEquals("(integer) 0\n", run("PERSIST k"));
        assertEquals("(integer) 1\n", run("PEXPIRE k 1500"));
        assertEquals("(integer) 2\n", run("TTL k"));
        assertEquals("(integer) 1\n", run("PERSIST k"));
        assertEquals("(integer) -1\n", run("TTL k"));
        assertEquals("OK\n", run("set k v px 50"));
        assertEquals("OK\n", run("SET k w"));
        assertEquals("(integer) -1\n", run("TTL k"), "a plain SET clears the expiry");
        assertEquals("(integer) 1\n", run("EXPIRE k 0"));
        assertEquals("(integer) 0\n", run("EXISTS k"), "a time of 0 deletes");
    }

    @Test
    void badArguments_printErrorsAndChangeNothing() {
        assertTrue(run("SET k v EX 0").startsWith("(error) invalid expire time"));
        assertTrue(run("SET k v EX x").startsWith("(error) value is not an integer"));
        assertTrue(run("SET k v XX 5").startsWith("(error) syntax error"));
        assertTrue(run("SET k v EX").startsWith("(error) syntax error"));
        assertTrue(run("EXPIRE k").startsWith("(error) wrong number of arguments"));
        assertTrue(run("PEXPIRE k 99999999999999999999").startsWith("(error) value is not an integer"));
        assertEquals("(nil)\n", run("GET k"));
        assertEquals(6, session.errors());
    }
}
