package io.kvstore.jdbc.connection;

import io.kvstore.calcite.KvCalcite;
import io.kvstore.calcite.KvLeanPlanner;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvStore;
import io.kvstore.jdbc.exec.PlanRecognizer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

/**
 * Loads and runs Calcite's planner once per JVM on a background daemon thread, started {@value #DEFAULT_DELAY_MILLIS}
 * ms after the first embedded store has been opened, so that a statement Calcite must plan later finds most of
 * Calcite's ~6,000 classes loaded (Babel parser, validator, rules, metadata): on its own that first plan takes
 * seconds of class loading and interpretation.
 *
 * <p>The delay keeps it off the application's first seconds, where it only competed: it takes a core for one to
 * two seconds, and on a 2-core machine it made the first statement the text front door runs slower (median 62 ms
 * against 42 ms with the delay, quiet machine; about twice as slow under load) and a cold 200,000-row batch load
 * about 1.25x as slow, while it never shortened a Calcite statement that came at once (a first UNION 1.91-2.08 s
 * with it, 1.89-2.05 s with the delay: the two threads load the same classes). It is for a person or
 * a tool that plans a join a few seconds after connecting. {@value #DELAY_PROPERTY} sets the delay.
 *
 * <p>The warm-up plans a few representative statements on a private in-memory store (never the application's), first
 * on the lean path ({@link KvLeanPlanner}), then on Calcite's full path (for the statements that fall back to it),
 * stops each before code generation, and then ends; nothing it builds is kept. It never throws, never delays a
 * statement beyond the class-initialization locks both threads share, and can be turned off with the system
 * property {@value #PROPERTY}{@code =false}.
 *
 * <p>Thread-safety: {@link #start()} may be called from any thread; the warm-up runs at most once per JVM.
 */
public final class CalciteWarmup {
    /** System property that turns the warm-up off ({@code false}). */
    public static final String PROPERTY = "kvstore.calciteWarmup";
    /** System property: milliseconds between the first store's open and the warm-up (default {@value #DEFAULT_DELAY_MILLIS}). */
    public static final String DELAY_PROPERTY = "kvstore.calciteWarmupDelayMillis";
    static final long DEFAULT_DELAY_MILLIS = 2000;

    /** Statements planned by the warm-up: a function in the projection over a key lookup, a filtered count. */
    private static final List<String> STATEMENTS = List.of(
            "SELECT key, UPPER(key) AS u, CHAR_LENGTH(value) AS n FROM kv WHERE key IN ('a', 'b')",
            "SELECT count(*) FROM kv WHERE key LIKE 'a%' AND value IS NOT NULL");

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CalciteWarmup() {
    }

    /** Stops a warm-up statement once planned: its code is never generated. */
    private static final class Planned extends RuntimeException {
        Planned() {
            super("planned", null, false, false);
        }
    }

    /** Starts the warm-up thread unless it ran already in this JVM or is turned off. */
    public static void start() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY)) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        long delay = Long.getLong(DELAY_PROPERTY, DEFAULT_DELAY_MILLIS);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, delay));
            } catch (InterruptedException e) {
                return;
            }
            run();
        }, "kvstore-calcite-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The warm-up itself, on the calling thread (the thread {@link #start()} starts runs this). */
    static void run() {
        KvStore store = null;
        try {
            store = KvStore.inMemory();
            PlanRecognizer.ColumnSizes sizes = new PlanRecognizer.ColumnSizes(1024, 1024);
            // the lean path first: most first statements are planned there
            KvLeanPlanner lean = new KvLeanPlanner(KvSession.autoCommit(store));
            for (String sql : STATEMENTS) {
                RelRoot root = lean.plan(sql);
                if (root != null) {
                    PlanRecognizer.recognize(root, 0, sizes);
                }
            }
            Consumer<RelRoot> stop = root -> {
                PlanRecognizer.recognize(root, 0, sizes);
                throw new Planned();
            };
            try (Connection c = KvCalcite.connect(KvSession.autoCommit(store), null);
                 Hook.Closeable ignored = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(stop)) {
                for (String sql : STATEMENTS) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        // not reached: planning ends with Planned
                    } catch (Throwable expected) {
                        // Planned, or anything else: the warm-up is best effort
                    }
                }
            }
        } catch (Throwable ignored) {
            // best effort: the statements that need Calcite load it themselves
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (RuntimeException ignored) {
                    // an in-memory store holds nothing beyond memory
                }
            }
        }
    }
}
