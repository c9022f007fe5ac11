package io.kvstore.jdbc.connection;

import io.kvstore.calcite.KvCalcite;
import io.kvstore.calcite.KvLeanPlanner;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.KvOption;
import io.kvstore.jdbc.KvUrl;
import io.kvstore.jdbc.StoreRegistry;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.Executor;
import io.kvstore.jdbc.exec.PlanRecognizer;
import io.kvstore.jdbc.exec.TextFrontDoor;
import io.kvstore.jdbc.exec.Upserts;
import io.kvstore.jdbc.meta.KvDatabaseMetaData;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

/**
 * A connection to one store, shared with the JVM's other connections to it through {@link StoreRegistry}.
 *
 * <p><b>Transactions.</b> Auto-commit is on by default: each statement is its own engine transaction, durable
 * under the store's sync policy when it returns. With auto-commit off, the first statement begins an engine
 * transaction ({@link KvStore#begin()}, optimistic and serializable) that every later statement joins until
 * {@link #commit()} or {@link #rollback()}: reads see its own writes, other connections see nothing of it before
 * commit, and a commit that lost a race fails with {@code SQLTransactionRollbackException} (40001) having
 * applied nothing. Commit and rollback close the connection's open result sets (CLOSE_CURSORS_AT_COMMIT).
 * {@link #setAutoCommit(boolean) setAutoCommit(true)} commits an open transaction. The isolation level is always
 * SERIALIZABLE; lower levels are accepted and mapped up to it.
 *
 * <p><b>SQL.</b> Every statement is parsed, validated and optimized by Calcite (the connection behind it,
 * {@link KvCalcite#connect}, opened on the first statement; metadata never needs it). When the optimized plan is one
 * the driver runs itself ({@link PlanRecognizer}; the plainest texts are recognized without planning by
 * {@link TextFrontDoor}, which builds the same executors), Calcite's code generation is skipped and the statement keeps an
 * {@link Executor}, cached by SQL text (for ad-hoc statements by their {@link SqlText#shape}, so that statements
 * differing only in literals share it); other statements keep Calcite's planned statement, cached by SQL text in a
 * {@link StatementCache}. A text prepared again (frameworks prepare for every execution) finds its executor
 * statement in a {@link PreparedText} kept under the text exactly as given, without any text analysis. The URL
 * option {@code fastPath=false} sends every statement through Calcite's runtime. A text the front door does not take
 * is first planned on the lean path ({@link KvLeanPlanner}: parser, validator and a small Hep program over {@code kv}
 * alone, no Calcite JDBC connection, no Volcano planner, no code generation); only what it or the
 * {@link PlanRecognizer} does not take goes to Calcite's full path. The first store a JVM opens
 * starts the {@link CalciteWarmup} in the background.
 *
 * <p><b>Closing</b> closes its statements and their result sets, rolls back an open transaction and releases
 * the store (the last connection closes it). After close, or once the store is closed, every method but
 * {@code close}, {@code isClosed}, {@code isValid}, {@code abort}, {@code unwrap}, {@code isWrapperFor} throws
 * {@link SqlState#CONNECTION_CLOSED}. Options, warnings and the fixed answers are {@link AbstractConnection}'s,
 * shared with the remote connection.
 *
 * <p>Thread-safety: meant for one thread at a time, as JDBC connections are; {@link #close()}, {@link #abort},
 * {@link #isValid} and {@link #isClosed()} may be called from any thread, and state changes are synchronized.
 */
public final class KvConnection extends AbstractConnection {
    private final KvUrl url;
    private final StoreRegistry.Handle handle;
    private final KvStore store;
    private final boolean executorsEnabled;
    private final StatementCache cache;
    /** Guarded by itself. Recognized plans by SQL text (or shape text); {@link #NOT_RECOGNIZED} for the others. */
    private final LinkedHashMap<String, Object> plans;
    private final int planCapacity;
    /**
     * Guarded by itself. Executor statements by their text exactly as given to {@link #prepareStatement}, for
     * frameworks that prepare again for every execution; cleared when the front door is turned off.
     */
    private final LinkedHashMap<String, PreparedText> preparedTexts;
    private final PlanRecognizer.ColumnSizes sizes;
    private volatile boolean frontDoor = true;
    private volatile boolean leanPlanning = !"false".equalsIgnoreCase(System.getProperty(LEAN_PLANNING_PROPERTY));
    /** Guarded by {@code this}; built on the first statement the lean path sees. */
    private KvLeanPlanner leanPlanner;
    /** Guarded by {@code this}. Statements the lean path planned into an executor (for tests). */
    private int leanPlanned;
    private final Session session = new Session();

    /** Guarded by {@code this}. */
    private boolean autoCommit = true;
    /** Guarded by {@code this}. Auto-commit was turned off by SQL BEGIN; SQL COMMIT/ROLLBACK turn it back on. */
    private boolean beganBySql;
    /** Guarded by {@code this}. The open transaction, only when auto-commit is off. */
    private KvTransaction transaction;
    /** Savepoints of {@link #transaction}, oldest first (stale ones are dropped when found). Guarded by this. */
    private final List<KvSavepoint> savepoints = new ArrayList<>();
    private int savepointCounter;
    /** Guarded by {@code this}. */
    private CalciteConnection calcite;
    private volatile boolean readOnlyHint;

    /** For {@link io.kvstore.jdbc.KvDriver}: a connection over an acquired store handle. */
    public KvConnection(KvUrl url, StoreRegistry.Handle handle) {
        this.url = url;
        this.handle = handle;
        this.store = handle.store();
        this.executorsEnabled = url.getBoolean(KvOption.FAST_PATH);
        int cacheSize = url.getInt(KvOption.STATEMENT_CACHE_SIZE);
        this.cache = new StatementCache(cacheSize);
        this.planCapacity = cacheSize * 4;
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > planCapacity;
            }
        };
        this.preparedTexts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedText> eldest) {
                return size() > planCapacity;
            }
        };
        this.sizes = new PlanRecognizer.ColumnSizes(store.options().maxKeyBytes(), store.options().maxValueBytes());
    }

    /** What the adapter reads and writes through: this connection's store and transaction. */
    private final class Session implements KvSession {
        @Override
        public KvStore store() {
            return store;
        }

        @Override
        public KvTransaction transaction() {
            return currentTransaction();
        }
    }

    KvSession session() {
        return session;
    }

    public KvUrl url() {
        return url;
    }

    public KvStore store() {
        return store;
    }

    /** The executor for {@code sql} read from the text alone ({@link TextFrontDoor}), or null. */
    Executor frontDoor(String sql) {
        return executorsEnabled && frontDoor ? TextFrontDoor.recognize(sql, sizes) : null;
    }

    /**
     * Turns the {@link TextFrontDoor} off for this connection, so that every statement is planned by Calcite (its
     * plan still runs on an executor when recognized). For tests and diagnostics.
     */
    public void disableTextFrontDoor() {
        frontDoor = false;
        synchronized (preparedTexts) {
            preparedTexts.clear();
        }
    }

    /**
     * System property that turns the lean planning path off ({@code false}) for every connection of the JVM, for
     * diagnostics and for measuring the full path.
     */
    public static final String LEAN_PLANNING_PROPERTY = "kvstore.leanPlanning";

    /**
     * Turns the lean planning path ({@link KvLeanPlanner}) off for this connection, so that every statement the
     * front door does not take is planned by Calcite's full path (its plan still runs on an executor when
     * recognized). For tests and diagnostics; it does not clear plans already cached.
     */
    public void disableLeanPlanning() {
        leanPlanning = false;
    }

    /** Whether statements may run on {@link Executor}s (the URL option {@code fastPath}). */
    boolean executorsEnabled() {
        return executorsEnabled;
    }

    private static final Object NOT_RECOGNIZED = new Object();

    /** Thrown from Calcite's planning hook once the plan is recognized: Calcite's code generation is not needed. */
    private static final class PlanCaptured extends RuntimeException {
        PlanCaptured() {
            super("plan recognized", null, false, false);
        }
    }

    /**
     * The executor for {@code sql} (with {@code ?} parameters), or null when Calcite must run it. The first time a
     * text is seen it is planned by Calcite; a statement Calcite planned but the driver does not run itself is left
     * in the {@link StatementCache} for the next {@link #checkOut}.
     *
     * @throws SQLException what Calcite reports for the text (syntax, validation), translated
     */
    Executor executorFor(String sql) throws SQLException {
        if (!executorsEnabled) {
            return null;
        }
        Executor plain = frontDoor(sql);
        if (plain != null) {
            return plain;
        }
        Object known = cachedPlan(sql);
        if (known != null) {
            return known == NOT_RECOGNIZED ? null : (Executor) known;
        }
        int parameters = SqlText.countParameters(sql);
        if (parameters < 0) {
            return null; // unreadable text: let Calcite report it
        }
        Executor[] found = new Executor[1];
        PreparedStatement ps = plan(sql, parameters, found);
        if (ps != null) {
            cache.give(sql, ps);
            remember(sql, NOT_RECOGNIZED);
            return null;
        }
        remember(sql, found[0]);
        return found[0];
    }

    /**
     * Plans {@code sql} with Calcite; when {@link PlanRecognizer} takes the plan, stores its executor in
     * {@code found[0]} and returns null (Calcite's code generation skipped), else returns Calcite's statement.
     */
    private PreparedStatement plan(String sql, int parameters, Executor[] found) throws SQLException {
        Executor lean = leanExecutor(sql, parameters);
        if (lean != null) {
            found[0] = lean;
            return null;
        }
        CalciteConnection c = calcite();
        Consumer<RelRoot> recognize = root -> {
            Executor e = PlanRecognizer.recognize(root, parameters, sizes);
            if (e != null) {
                found[0] = e;
                throw new PlanCaptured();
            }
        };
        try (Hook.Closeable ignored = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(recognize)) {
            return c.prepareStatement(sql);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            if (found[0] != null) {
                return null;
            }
            throw KvErrors.translate(t);
        }
    }

    /**
     * The executor for {@code sql} through the lean path ({@link KvLeanPlanner}'s logical plan, then
     * {@link PlanRecognizer}), or null when that path does not take the statement or the plan is not one an
     * executor runs: then Calcite's full path plans it (and reports its errors) as before.
     */
    private Executor leanExecutor(String sql, int parameters) {
        if (!leanPlanning) {
            return null;
        }
        KvLeanPlanner p;
        synchronized (this) {
            if (leanPlanner == null) {
                leanPlanner = new KvLeanPlanner(session);
            }
            p = leanPlanner;
        }
        RelRoot root = p.plan(sql);
        Executor ex = root == null ? null : PlanRecognizer.recognize(root, parameters, sizes);
        if (ex != null) {
            synchronized (this) {
                leanPlanned++;
            }
        }
        return ex;
    }

    /** The number of statements the lean path planned into an executor (for tests). */
    synchronized int leanPlanned() {
        return leanPlanned;
    }

    /** An executor and the values of its parameters. */
    record Bound(Executor executor, Object[] params) {
    }

    /**
     * The executor for an ad-hoc statement's shape with its literals bound as parameters, or null when the shape
     * does not run on an executor or a literal does not fit the type Calcite inferred for its place (then the
     * statement runs through Calcite as written).
     */
    Bound executorForShape(SqlText.Shape shape) throws SQLException {
        String text = shape.text();
        Object known = cachedPlan(text);
        if (known == null) {
            known = frontDoor(text);
        }
        Executor ex;
        if (known == NOT_RECOGNIZED) {
            return null;
        } else if (known != null) {
            ex = (Executor) known;
        } else {
            Executor[] found = new Executor[1];
            PreparedStatement ps;
            try {
                ps = plan(text, shape.literals().size(), found);
            } catch (SQLException e) {
                ps = null; // the shape does not plan (a literal where a parameter cannot stand): not shared
            }
            if (ps != null) {
                closeQuietly(ps);
            }
            ex = found[0];
            remember(text, ex == null ? NOT_RECOGNIZED : ex);
            if (ex == null) {
                return null;
            }
        }
        int[] types = ex.parameterTypes();
        List<SqlText.Literal> literals = shape.literals();
        if (types.length != literals.size()) {
            return null;
        }
        Object[] params = new Object[types.length];
        for (int i = 0; i < params.length; i++) {
            SqlText.Literal l = literals.get(i);
            int t = types[i];
            boolean fits = switch (l.kind()) {
                case TEXT -> t == Types.VARCHAR || (t == Types.VARBINARY && !ex.isQuery());
                case BINARY -> t == Types.VARBINARY;
                case INTEGER -> t == Types.INTEGER || t == Types.BIGINT || t == Types.SMALLINT
                        || t == Types.TINYINT || t == Types.DECIMAL;
            };
            if (!fits) {
                return null;
            }
            try {
                params[i] = Parameters.convert(l.value(), t, i + 1);
            } catch (SQLException e) {
                return null; // e.g. a number out of range for its place: Calcite reports it as written
            }
        }
        return new Bound(ex, params);
    }

    /** The number of SQL texts and shapes with a known plan (for tests). */
    int cachedPlans() {
        synchronized (plans) {
            return plans.size();
        }
    }

    private Object cachedPlan(String text) {
        synchronized (plans) {
            return plans.get(text);
        }
    }

    private void remember(String text, Object plan) {
        if (planCapacity > 0) {
            synchronized (plans) {
                plans.put(text, plan);
            }
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            // nothing to release beyond memory
        }
    }

    /**
     * The driver's description of the columns of a Calcite result: a column of {@code kv} as
     * {@code DatabaseMetaData.getColumns} describes it, other columns as Calcite typed them.
     */
    KvResultSetMetaData metaData(ResultSetMetaData md) throws SQLException {
        int n = CalciteCalls.call(md::getColumnCount);
        List<KvResultSetMetaData.Column> cols = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            int c = i;
            String label = CalciteCalls.call(() -> md.getColumnLabel(c));
            String name = CalciteCalls.call(() -> md.getColumnName(c));
            String table = CalciteCalls.call(() -> md.getTableName(c));
            if ("kv".equalsIgnoreCase(table) && ("key".equalsIgnoreCase(name) || "value".equalsIgnoreCase(name))) {
                boolean key = "key".equalsIgnoreCase(name);
                cols.add(KvResultSetMetaData.Column.kv(label, key ? "key" : "value",
                        key ? sizes.maxKeyBytes() : sizes.maxValueBytes()));
            } else {
                int type = CalciteCalls.call(() -> md.getColumnType(c));
                cols.add(KvResultSetMetaData.Column.expression(label, type, KvResultSetMetaData.typeName(type),
                        CalciteCalls.call(() -> md.getPrecision(c)), CalciteCalls.call(() -> md.getScale(c)),
                        CalciteCalls.call(() -> md.isNullable(c)) != ResultSetMetaData.columnNoNulls));
            }
        }
        return new KvResultSetMetaData(cols);
    }

    StatementCache cache() {
        return cache;
    }

    /** The open transaction, begun now if auto-commit is off and none is open; null in auto-commit mode. */
    synchronized KvTransaction currentTransaction() {
        if (autoCommit) {
            return null;
        }
        if (transaction == null || !transaction.isOpen()) {
            transaction = store.begin();
        }
        return transaction;
    }

    /** @throws SQLException {@link SqlState#CONNECTION_CLOSED} if this connection or its store is closed */
    @Override
    public void checkOpen() throws SQLException {
        super.checkOpen();
        if (store.isClosed()) {
            throw KvErrors.create(SqlState.CONNECTION_CLOSED, "the store of this connection was closed");
        }
    }

    /** The Calcite connection, opened on first use. */
    synchronized CalciteConnection calcite() throws SQLException {
        checkOpen();
        if (calcite == null) {
            calcite = CalciteCalls.call(() -> KvCalcite.connect(session, null));
        }
        return calcite;
    }

    /** A planned Calcite statement for {@code sql}: from the cache, or planned now. */
    PreparedStatement checkOut(String sql) throws SQLException {
        PreparedStatement ps = cache.take(sql);
        if (ps != null) {
            return ps;
        }
        CalciteConnection c = calcite();
        return CalciteCalls.call(() -> c.prepareStatement(sql));
    }

    /** Gives back a statement from {@link #checkOut}; a canceled one is closed rather than reused. */
    void giveBack(String sql, PreparedStatement ps, boolean canceled) {
        if (closeCalled() || canceled) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException e) {
                // nothing to release beyond memory
            }
            return;
        }
        cache.give(sql, ps);
    }

    /**
     * The text to run: without trailing semicolons and white space (Calcite's parser rejects a trailing
     * {@code ;}, which tools and people often add), and without a trailing row-lock clause such as
     * {@code FOR UPDATE} ({@link SessionSql#withoutRowLock}: transactions are serializable, so it adds nothing).
     */
    static String stripTerminator(String sql) {
        int end = sql.length();
        while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
            end--;
        }
        return SessionSql.withoutRowLock(end == sql.length() ? sql : sql.substring(0, end));
    }

    /**
     * An executor for a statement the connection answers itself ({@link SessionSql}), or for an upsert
     * ({@link UpsertSql}: planned as its INSERT, run with the ON CONFLICT action); null for anything else.
     *
     * @throws SQLException an upsert the executors cannot run (values that are not literals or parameters, or
     *     {@code fastPath=false}): 0A000; or what Calcite reports for the INSERT
     */
    Executor sessionExecutor(String sql) throws SQLException {
        SessionSql.Command command = SessionSql.parse(sql);
        if (command != null) {
            return new SessionExecutor(this, command);
        }
        UpsertSql.Parsed merge = UpsertSql.parseMerge(sql);
        if (merge != null) {
            // the one-row keyed MERGE of ORMs: an upsert on the executor when it can run there, else Calcite's MERGE
            Executor insert = executorFor(merge.insertSql());
            return insert == null ? null : Upserts.onConflict(insert, merge.action());
        }
        UpsertSql.Parsed upsert = UpsertSql.parse(sql);
        if (upsert == null) {
            return null;
        }
        Executor insert = executorFor(upsert.insertSql());
        Executor ex = insert == null ? null : Upserts.onConflict(insert, upsert.action());
        if (ex == null && !executorsEnabled) {
            // report what is wrong with the statement itself (a type error, ...) before that it cannot run here
            giveBack(upsert.insertSql(), checkOut(upsert.insertSql()), false);
        }
        if (ex == null) {
            throw KvErrors.create(SqlState.FEATURE_NOT_SUPPORTED, "this upsert is not supported: its VALUES must be"
                    + " literals or ? parameters (and the connection must not set fastPath=false); use MERGE INTO kv"
                    + " for other forms");
        }
        return ex;
    }

    // ---- statements ----

    @Override
    protected KvStatement newStatement() {
        return new KvStatement(this);
    }

    /**
     * A prepared statement: the executor statement kept for this exact text, or one planned now (an executor the
     * connection recognized, or Calcite's planned statement).
     */
    @Override
    protected KvPreparedStatement newPreparedStatement(String sql) throws SQLException {
        PreparedText known;
        synchronized (preparedTexts) {
            known = preparedTexts.get(sql);
        }
        if (known != null) {
            return new KvPreparedStatement(this, known);
        }
        String given = sql;
        sql = stripTerminator(sql);
        Executor ex = sessionExecutor(sql);
        if (ex == null) {
            ex = executorFor(sql);
        }
        if (ex != null) {
            PreparedText prepared = PreparedText.of(sql, ex);
            if (planCapacity > 0) {
                synchronized (preparedTexts) {
                    preparedTexts.put(given, prepared);
                }
            }
            return new KvPreparedStatement(this, prepared);
        }
        PreparedStatement ps = checkOut(sql);
        try {
            return new KvPreparedStatement(this, sql, null, ps);
        } catch (SQLException | RuntimeException e) {
            giveBack(sql, ps, false);
            throw e;
        }
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        synchronized (this) {
            beganBySql = false;
            if (autoCommit == this.autoCommit) {
                return;
            }
            if (autoCommit) {
                commitOpenTransaction();
            }
            this.autoCommit = autoCommit;
        }
    }

    @Override
    public synchronized boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        synchronized (this) {
            if (autoCommit) {
                throw KvErrors.create(SqlState.INVALID_TRANSACTION_STATE, "commit() in auto-commit mode");
            }
            commitOpenTransaction();
        }
    }

    /**
     * SQL {@code BEGIN} / {@code START TRANSACTION}: in auto-commit mode, turns it off until the next SQL
     * {@code COMMIT} or {@code ROLLBACK}, which turn it back on; with auto-commit already off, nothing (the
     * open transaction goes on).
     */
    synchronized void beginBySql() throws SQLException {
        checkOpen();
        if (autoCommit) {
            autoCommit = false;
            beganBySql = true;
        }
    }

    /**
     * SQL {@code COMMIT} ({@code commit} true) or {@code ROLLBACK}: ends the open transaction as
     * {@link #commit()} / {@link #rollback()} do, and restores auto-commit if SQL {@code BEGIN} turned it off. In
     * auto-commit mode there is no transaction to end: nothing happens (unlike the JDBC methods, which fail with
     * 25000), so scripts written for databases that need them still run.
     */
    synchronized void endBySql(boolean commit) throws SQLException {
        checkOpen();
        if (autoCommit) {
            return;
        }
        try {
            if (commit) {
                commitOpenTransaction();
            } else {
                closeOpenResultSets();
                rollbackQuietly();
            }
        } finally {
            if (beganBySql) {
                beganBySql = false;
                autoCommit = true;
            }
        }
    }

    /** Guarded by {@code this}. */
    private void commitOpenTransaction() throws SQLException {
        closeOpenResultSets();
        KvTransaction t = transaction;
        transaction = null;
        if (t == null) {
            return;
        }
        try {
            t.commit();
        } catch (RuntimeException e) {
            try {
                t.rollback();
            } catch (RuntimeException ignored) {
                // the commit's failure is what the caller needs
            }
            throw KvErrors.translate(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        synchronized (this) {
            if (autoCommit) {
                throw KvErrors.create(SqlState.INVALID_TRANSACTION_STATE, "rollback() in auto-commit mode");
            }
            closeOpenResultSets();
            rollbackQuietly();
        }
    }

    /** Guarded by {@code this}. */
    private void rollbackQuietly() {
        KvTransaction t = transaction;
        transaction = null;
        if (t != null) {
            try {
                t.rollback();
            } catch (RuntimeException ignored) {
                // rollback only discards buffered writes
            }
        }
    }

    /** Whether a transaction with writes or reads is open (for tests). */
    synchronized boolean inTransaction() {
        return transaction != null && transaction.isOpen();
    }

    /**
     * A savepoint in the open engine transaction ({@link KvTransaction#savepoint}); a name taken again hides the
     * older savepoint of that name (as in PostgreSQL) until the newer one is released.
     */
    @Override
    protected Savepoint savepoint(String name) throws SQLException {
        checkOpen();
        synchronized (this) {
            if (autoCommit) {
                throw KvErrors.create(SqlState.INVALID_TRANSACTION_STATE, "savepoints need a transaction: "
                        + "setAutoCommit(false) or BEGIN first");
            }
            KvTransaction t = currentTransaction();
            try {
                KvSavepoint sp = new KvSavepoint(t, t.savepoint(), name, ++savepointCounter);
                savepoints.add(sp);
                return sp;
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        synchronized (this) {
            KvSavepoint sp = live(savepoint, "rollback(Savepoint)");
            try {
                sp.transaction().rollbackTo(sp.engineId());
            } catch (IllegalArgumentException e) {
                throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + sp + " no longer exists");
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
            savepoints.subList(savepoints.indexOf(sp) + 1, savepoints.size()).clear();
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        synchronized (this) {
            KvSavepoint sp = live(savepoint, "releaseSavepoint(Savepoint)");
            try {
                sp.transaction().releaseSavepoint(sp.engineId());
            } catch (IllegalArgumentException e) {
                throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + sp + " no longer exists");
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
            savepoints.subList(savepoints.indexOf(sp), savepoints.size()).clear();
        }
    }

    /** {@code ROLLBACK TO SAVEPOINT name}: the newest live savepoint of that name (names compare ignoring case). */
    void rollbackToSavepoint(String name) throws SQLException {
        rollback(named(name));
    }

    /** {@code RELEASE SAVEPOINT name}. */
    void releaseSavepoint(String name) throws SQLException {
        releaseSavepoint(named(name));
    }

    private synchronized Savepoint named(String name) throws SQLException {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            KvSavepoint sp = savepoints.get(i);
            if (sp.name() != null && sp.name().equalsIgnoreCase(name) && sp.transaction() == transaction) {
                return sp;
            }
        }
        throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + name + " does not exist");
    }

    /** Guarded by {@code this}: {@code savepoint} if it is one of this connection's in its open transaction. */
    private KvSavepoint live(Savepoint savepoint, String call) throws SQLException {
        if (autoCommit) {
            throw KvErrors.create(SqlState.INVALID_TRANSACTION_STATE, call + " in auto-commit mode");
        }
        if (!(savepoint instanceof KvSavepoint sp) || !savepoints.contains(sp)) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + savepoint + " does not exist in this "
                    + "connection's transaction (released, rolled back past, or its transaction ended)");
        }
        if (sp.transaction() != transaction || !sp.transaction().isOpen()) {
            savepoints.clear();
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + sp + " belonged to a transaction that "
                    + "has ended");
        }
        return sp;
    }

    // ---- state ----

    @Override
    public void close() throws SQLException {
        if (!markClosed()) {
            return;
        }
        SQLException failure = closeStatements();
        CalciteConnection c;
        synchronized (this) {
            rollbackQuietly();
            c = calcite;
            calcite = null;
        }
        cache.close();
        synchronized (plans) {
            plans.clear();
        }
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                // Calcite holds nothing beyond memory
            }
        }
        handle.release();
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether the store is open, not failed, and answers a read. */
    @Override
    protected boolean probe(int timeout) {
        if (store.isClosed() || store.isFailed()) {
            return false;
        }
        try {
            store.exists(new byte[0]);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        readOnlyHint = readOnly;
    }

    /** True if the store was opened read-only, or {@link #setReadOnly} asked for it (a hint, not enforced). */
    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return store.isReadOnly() || readOnlyHint;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new KvDatabaseMetaData(this);
    }

    /** Unwraps to the engine's {@link KvStore}, or the Calcite connection (opening it). */
    @Override
    protected Object unwrapOther(Class<?> iface) throws SQLException {
        if (iface == KvStore.class) {
            checkOpen();
            return store;
        }
        if (iface.isAssignableFrom(CalciteConnection.class)) {
            return calcite();
        }
        return null;
    }

    @Override
    protected boolean wrapsOther(Class<?> iface) {
        return iface == KvStore.class || iface.isAssignableFrom(CalciteConnection.class);
    }

    @Override
    public String toString() {
        return "KvConnection[" + url.storeKey() + (closeCalled() ? ", closed" : "") + "]";
    }
}
