package io.kvstore.jdbc;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared test helpers: fresh in-memory URLs and SQLState assertions. */
public final class TestUrls {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestUrls() {
    }

    /** A URL of an in-memory store no other test uses. */
    public static String mem() {
        return "jdbc:kvstore:mem:test" + NEXT.incrementAndGet() + "_" + System.nanoTime();
    }

    /** Runs {@code e}, expects an SQLException and returns it (for state and type checks). */
    public static SQLException sqlError(Executable e) {
        return assertThrows(SQLException.class, e);
    }
}
