package io.kvstore.calcite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ViewTable;
import java.util.List;

/**
 * Entry point: opens Calcite connections that show a {@link KvSession} as the schema {@value #SCHEMA} holding the
 * table {@code kv(key VARCHAR NOT NULL PRIMARY KEY, value VARBINARY NOT NULL)} (see {@link KvSchema}).
 *
 * <p><b>Names.</b> Parsing uses Calcite's Babel parser (so that {@code value} and {@code key} need no quotes),
 * with {@code caseSensitive=false}: every table, column and function name resolves case-insensitively, quoted or
 * not ({@code kv}, {@code KV}, {@code "Kv"} are the same table). Unquoted names keep the case the user typed
 * ({@code unquotedCasing=UNCHANGED}), so a column label is what the query spelled. Names are stored (and must be
 * reported by metadata) in lower case: schema {@code kvstore}, tables {@code kv}, {@code kv_stats},
 * {@code kv_snapshot}, the view {@code kv_text(key VARCHAR, value VARCHAR)} ({@link #TEXT_VIEW}: values decoded
 * as UTF-8, read-only), columns {@code key}, {@code value}. The identifier quote character is the double quote
 * {@code "}.
 *
 * <p>Thread-safety: static methods only; each returned connection has the thread-safety of a Calcite
 * connection (one statement at a time).
 */
public final class KvCalcite {
    /** The schema name; it is also the connection's default schema. */
    public static final String SCHEMA = "kvstore";
    /** The read-only view that shows values as text: {@value #TEXT_VIEW_SQL}. */
    public static final String TEXT_VIEW = "kv_text";
    /** The definition of {@link #TEXT_VIEW}. */
    public static final String TEXT_VIEW_SQL = "SELECT \"key\", \"kvstore\".\"text\"(\"value\") AS \"value\" FROM \"kvstore\".\"kv\"";
    /** The identifier quote string to report in metadata. */
    public static final String QUOTE = "\"";

    static {
        // String literals and casts from VARCHAR to VARBINARY use Calcite's default charset; kvstore text is UTF-8.
        // Calcite reads this JVM-wide property once, when its configuration class is first loaded.
        if (System.getProperty("calcite.default.charset") == null) {
            System.setProperty("calcite.default.charset", "UTF-8");
        }
        // Lookup keys are passed to generated code through the DataContext, not inlined, so statements that
        // differ only in their key literals compile to the same source: let Calcite reuse the compiled class.
        if (System.getProperty("calcite.bindable.cache.maxSize") == null) {
            System.setProperty("calcite.bindable.cache.maxSize", "256");
        }
    }

    private KvCalcite() {
    }

    /**
     * The Calcite connection properties kvstore uses: Babel parser, case-insensitive names, double-quote quoting,
     * unquoted names left unchanged, LENIENT conformance (as BABEL's but without select-list aliases referring to
     * each other, which made an unknown column report "depends on itself"), standard functions, {@link KvTypeSystem}, default schema
     * {@value #SCHEMA}, materialized views off (there are none; their planner rules are not registered).
     * Returns a new mutable copy.
     */
    public static Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY");
        p.setProperty("caseSensitive", "false");
        p.setProperty("quoting", "DOUBLE_QUOTE");
        p.setProperty("unquotedCasing", "UNCHANGED");
        p.setProperty("quotedCasing", "UNCHANGED");
        p.setProperty("conformance", "LENIENT");
        p.setProperty("fun", "standard");
        p.setProperty("typeSystem", KvTypeSystem.class.getName() + "#INSTANCE");
        p.setProperty("schema", SCHEMA);
        // there are no materialized views: do not load and register the materialized-view rules for every planner
        p.setProperty("materializationsEnabled", "false");
        return p;
    }

    /**
     * Opens a Calcite connection ({@code jdbc:calcite:}) whose default schema {@value #SCHEMA} is bound to
     * {@code session}.
     *
     * @param extra properties that override or add to {@link #connectionProperties()}; may be null
     * @throws SQLException Calcite could not open the connection
     */
    public static CalciteConnection connect(KvSession session, Properties extra) throws SQLException {
        Objects.requireNonNull(session, "session");
        Properties p = connectionProperties();
        if (extra != null) {
            p.putAll(extra);
        }
        // our own prepare (KvPrepare: kvstore's type checks, labels and text comparisons of values) for this
        // connection only; Calcite's JVM-wide driver and hooks are left alone
        Connection c = new Driver().withPrepareFactory(KvPrepare::new).connect("jdbc:calcite:", p);
        CalciteConnection cc = c.unwrap(CalciteConnection.class);
        SchemaPlus root = cc.getRootSchema();
        SchemaPlus kv = root.add(SCHEMA, new KvSchema(session));
        kv.add(TEXT_VIEW, ViewTable.viewMacro(kv, TEXT_VIEW_SQL, List.of(SCHEMA), List.of(SCHEMA, TEXT_VIEW), false));
        cc.setSchema(SCHEMA);
        return cc;
    }
}
