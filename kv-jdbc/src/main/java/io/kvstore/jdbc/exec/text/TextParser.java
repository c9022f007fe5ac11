package io.kvstore.jdbc.exec.text;

import io.kvstore.jdbc.exec.text.TextStatement.Bound;
import io.kvstore.jdbc.exec.text.TextStatement.Call;
import io.kvstore.jdbc.exec.text.TextStatement.Column;
import io.kvstore.jdbc.exec.text.TextStatement.CountAll;
import io.kvstore.jdbc.exec.text.TextStatement.Expr;
import io.kvstore.jdbc.exec.text.TextStatement.Item;
import io.kvstore.jdbc.exec.text.TextStatement.Lookup;
import io.kvstore.jdbc.exec.text.TextStatement.Operand;
import io.kvstore.jdbc.exec.text.TextStatement.Range;
import io.kvstore.jdbc.exec.text.TextStatement.RowCount;
import io.kvstore.jdbc.exec.text.TextStatement.ValueOperand;
import io.kvstore.jdbc.exec.text.TextStatement.Where;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for the single-table subset of SQL the text front door takes (and, since session 11,
 * joins of kv with itself on a key), so that the first
 * statements of a new JVM need no Calcite. The grammar (keywords in any case, names unquoted in any case or
 * double-quoted, {@code x} a string literal or {@code ?}, {@code n} an integer literal or {@code ?}, one trailing
 * {@code ;} allowed):
 * <pre>
 *   statement := select | literals | insert | update | delete
 *   literals  := SELECT lit [[AS] alias] [, lit [[AS] alias]]... | VALUES (lit [, lit]...) | VALUES lit
 *   lit       := [-] integer | 'text' | TRUE | FALSE            -- integer within INTEGER; text not empty
 *   select    := SELECT item [, item]... FROM table [WHERE where] [ORDER BY column [ASC | DESC]] [rows]
 *              | SELECT gitem [, gitem]... FROM table [WHERE where] GROUP BY expr [ORDER BY n [ASC | DESC]]
 *                [LIMIT n]                   -- expr text or integer; GROUP BY key: key, COUNT(*), key lookups
 *              | SELECT item [, item]... FROM join WHERE where [rows]   -- see below
 *   join      := table a [INNER] JOIN table b ON b.key = a.key           -- aliases required, different
 *              | table a [INNER | LEFT [OUTER]] JOIN table b ON b.key = TEXT(a.value)  -- either operand first
 *   gitem     := (expr | COUNT(*) | (COUNT | SUM | MIN | MAX) ( expr )) [[AS] alias]  -- expr: the GROUP BY's
 *   item      := * | expr [[AS] alias]                          -- expr reads a column, or is COUNT(*)
 *   expr      := sum [|| (primary | 'text')]...                 -- text only; the first operand not a literal
 *   sum       := term [(+ | -) term]...                         -- integers (INTEGER or BIGINT)
 *   term      := unary [(* | / | %) unary]...
 *   unary     := - unary | primary
 *   primary   := column | integer | 'text' | ( sum ) | COUNT(*) | function ( expr )
 *              | MOD ( sum , sum ) | CAST ( expr AS type ) | POSITION ( expr IN expr )
 *              | SUBSTRING ( expr FROM sum [FOR sum] ) | SUBSTRING ( expr , sum [, sum] )
 *              | TRIM ( [[BOTH | LEADING | TRAILING] ['chars'] FROM] expr )
 *   type      := INTEGER | INT | BIGINT | VARCHAR [(n)] | VARBINARY
 *   function  := TEXT | BYTES | CHAR_LENGTH | CHARACTER_LENGTH | OCTET_LENGTH | UPPER | LOWER
 *   column    := [[kvstore .] kv . | alias .] (key | value)
 *   table     := [kvstore .] kv [[AS] alias]
 *   where     := lookup [OR lookup]... | condition [AND condition]...   -- one lookup at most, not with a range
 *   condition := lookup | range | filter
 *   filter    := expr IS [NOT] NULL | expr LIKE 'pattern' | expr (= | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) literal
 *              | key &lt;&gt; 'text' | key LIKE '%...' | key LIKE '_...'
 *   lookup    := key = x | key IN (x [, x]...)
 *   range     := key (&gt; | &gt;= | &lt; | &lt;=) x | key BETWEEN x AND x | key LIKE 'prefix%'
 *   rows      := LIMIT n [OFFSET n] | OFFSET n [ROW | ROWS] [fetch] | fetch
 *   fetch     := FETCH (FIRST | NEXT) n (ROW | ROWS) ONLY
 *   insert    := INSERT INTO [kvstore .] kv [(key, value) | (value, key)] VALUES row [, row]...
 *   row       := (x, v)                                          -- in column order
 *   update    := UPDATE [kvstore .] kv [[AS] alias] SET value = v [WHERE where]  -- lookups, ranges, filters, all
 *   delete    := DELETE FROM [kvstore .] kv [[AS] alias] [WHERE where]          -- lookups, ranges, filters, all
 * </pre>
 * A filter is {@code expr IS [NOT] NULL}, {@code expr LIKE 'pattern'} (text) or {@code expr op literal} ({@code op}
 * one of {@code = <> < <= > >=}, the literal of the expression's type: {@code 'text'}, {@code x'hex'}, an integer),
 * {@code expr} not the bare key, except {@code key <> 'text'} and {@code key LIKE 'pattern'} with a pattern that
 * starts with a wildcard (no key read serves them); filters are ANDed with one lookup, with ranges, or stand alone (a
 * full scan), never ORed, never with ORDER BY (Calcite then keeps its own sort), and with a row count only over key
 * lookups. {@code v} is a string literal (written as its UTF-8 bytes), a binary literal {@code x'hex'} or {@code ?};
 * an INSERT of several rows has no {@code ?} (Calcite plans those as a union) and each column's literals of one kind
 * (Calcite refuses text and binary in one VALUES column); NULL and numbers are left to Calcite, which reports them;
 * and then only what means the same as Calcite's plan for it (checked by {@link #parse}'s rules below): a column's
 * qualifier must name the table as the FROM clause does; {@code count(*)} stands alone, without ORDER BY or rows;
 * ORDER BY goes with a range or no WHERE (an ordered read), not with key lookups, and not when an alias could be
 * what it names; a row count over a full scan without ORDER BY (literal or {@code ?}) is the ordered read Calcite
 * plans for it at every table size; the argument types of each function are those Calcite accepts and the executors
 * evaluate ({@code TEXT} and {@code OCTET_LENGTH} of binary, the others of text); an unquoted alias is never one of
 * the Babel parser's reserved words. Session 10 added integer arithmetic (INTEGER unless an operand is BIGINT, as
 * Calcite types it; Java's wrapping overflow and 22012 for division by zero, as Calcite's runtime), casts (text to
 * INTEGER/BIGINT/VARBINARY or VARCHAR(n), integers to VARCHAR or BIGINT, binary to VARCHAR[(n)] as hex), SUBSTRING,
 * TRIM and POSITION on text, and SELECT/VALUES of literals without FROM ({@code SELECT 1}); a literal stands only
 * where Calcite types it as the front door does (never a whole select item over {@code kv}, never a function's text
 * argument except POSITION's and TRIM's), text and numbers never mix, and casts are those {@link #parse} checks
 * (others: Calcite). Labels are Calcite's: an alias, else a column as spelled, else {@code TEXT(value)}/{@code
 * BYTES(key)} as typed once per select list (the adapter's {@code KvColumnLabels}), else {@code EXPR$n}.
 *
 * <p>Joins (session 11) are what Calcite plans as a {@code KvLookupJoin} and runs in lookup order: every column
 * qualified by {@code a} or {@code b} ({@code *}: a's columns, then b's labelled {@code key0}, {@code value0}, as
 * Calcite labels them); the WHERE clause a key lookup or range on {@code a.key} (required: an unfiltered join may
 * be a hash join), with filters on {@code a}'s columns only (one on {@code b} may make it a hash join); a row count
 * only on an INNER join without filters; no ORDER BY, GROUP BY, {@code count(*)} or aggregates; a LEFT join only on
 * {@code TEXT(a.value)} (on {@code a.key} Volcano picks a hash join), without a row count, reading {@code b}'s
 * columns bare or through {@code TEXT}/{@code BYTES}. RIGHT, FULL, CROSS, NATURAL, USING, comma joins, three
 * tables, {@code kv_meta}/{@code kv_stats} and other ON clauses are Calcite's.
 *
 * <p>Stateless and thread-safe; {@link #parse} never throws and returns null for anything else.
 */
public final class TextParser {
    /** Longer texts are left to Calcite (they are not the short statements typed first). */
    static final int MAX_LENGTH = 1000;

    /** Words that end a FROM item or a select item (so they are never taken as an alias). */
    private static final Set<String> CLAUSE_WORDS = Set.of("where", "limit", "offset", "fetch",
            "order", "group", "having", "join", "inner", "left", "right", "full", "cross", "natural", "union",
            "intersect", "except", "minus", "on", "using", "window", "qualify", "as", "from", "select", "values",
            "tablesample", "for", "match_recognize", "pivot", "unpivot", "lateral", "outer");

    /**
     * The reserved words of Calcite's Babel parser (1.42.0, {@code SqlAbstractParserImpl.Metadata.isReservedWord}):
     * never an unquoted alias (Calcite reports a syntax error; {@code TextFrontDoorEquivalenceTest} tries every
     * keyword).
     */
    private static final Set<String> RESERVED = Set.of(
            "any", "asof", "by", "call", "case", "create", "cross", "current", "cursor", "date", "dateadd",
            "datediff", "datepart", "datetime", "date_part", "default", "define", "delete", "describe", "distinct",
            "drop", "except", "explain", "fetch", "friday", "from", "full", "grant", "group", "grouping", "having",
            "in", "inner", "insert", "intersect", "interval", "into", "join", "json_scope", "lateral", "left",
            "limit", "match_condition", "match_recognize", "measure", "merge", "minus", "monday", "natural", "new",
            "next", "null", "offset", "on", "order", "ordinal", "outer", "over", "partition", "pattern", "qualify",
            "range", "right", "rollup", "row", "rows", "safe_cast", "safe_offset", "safe_ordinal", "saturday",
            "select", "set", "skip", "snapshot", "some", "stream", "sunday", "table", "tablesample", "then",
            "thursday", "time", "timestamp", "try_cast", "tuesday", "union", "unnest", "unsigned", "update", "using",
            "uuid", "values", "variant", "volatile", "wednesday", "when", "where", "window", "with");

    /** The aggregates a grouped SELECT takes (besides {@code COUNT(*)}). */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX");

    /** kvstore's own functions: labelled as typed when unaliased (KvColumnLabels). */
    private static final Set<String> LABELLED = Set.of("TEXT", "BYTES");

    /** Type families of expressions: text, binary, number. */
    private static final char TEXT = 'T';
    private static final char BINARY = 'B';
    private static final char NUMBER = 'N';

    /** The one-argument functions taken: name to {argument family, result family}. */
    private static final java.util.Map<String, String> FUNCTIONS = java.util.Map.of("TEXT", "BT", "BYTES", "TB",
            "CHAR_LENGTH", "TN", "CHARACTER_LENGTH", "TN", "OCTET_LENGTH", "BN", "UPPER", "TT", "LOWER", "TT");

    /** Thrown inside the parser for text it does not take; never escapes {@link #parse}. */
    private static final class NotTaken extends Exception {
        static final NotTaken INSTANCE = new NotTaken();

        private NotTaken() {
            super("not taken", null, false, false);
        }
    }

    private final List<Token> t;
    private int pos;
    /** The table's alias, or null. */
    private String alias;
    /** In a join of kv with itself (see {@link #join}): the alias of the looked-up (inner) table, else null. */
    private String joinAlias;
    /** In a join: LEFT, and whether the ON clause names {@code TEXT(a.value)} (else {@code a.key}). */
    private boolean joinLeft;
    private boolean joinOnValue;
    /** In a join: the position after the ON clause. */
    private int joinEnd;
    /** Conditions on the rows read found in the WHERE clause (see {@link #where}). */
    private final List<TextStatement.Filter> filters = new ArrayList<>();

    private TextParser(List<Token> tokens) {
        this.t = tokens;
    }

    /** The statement read from {@code sql}, or null to let Calcite plan it. */
    public static TextStatement parse(String sql) {
        if (sql == null || sql.length() > MAX_LENGTH) {
            return null;
        }
        List<Token> tokens = Lexer.tokenize(sql);
        if (tokens == null) {
            return null;
        }
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isSymbol(";")) {
            tokens = tokens.subList(0, tokens.size() - 1);
        }
        if (tokens.isEmpty()) {
            return null;
        }
        try {
            return new TextParser(tokens).statement();
        } catch (NotTaken | RuntimeException e) {
            return null;
        }
    }

    private TextStatement statement() throws NotTaken {
        Token first = t.get(0);
        TextStatement s;
        if (first.isKeyword("select")) {
            s = select();
        } else if (first.isKeyword("insert")) {
            s = insert();
        } else if (first.isKeyword("update")) {
            s = update();
        } else if (first.isKeyword("delete")) {
            s = delete();
        } else if (first.isKeyword("values")) {
            s = values();
        } else {
            throw NotTaken.INSTANCE;
        }
        if (pos != t.size()) {
            throw NotTaken.INSTANCE;
        }
        return s;
    }

    // ---- token helpers

    private Token peek() {
        return pos < t.size() ? t.get(pos) : null;
    }

    private Token peek(int ahead) {
        return pos + ahead < t.size() ? t.get(pos + ahead) : null;
    }

    private boolean atKeyword(String word) {
        Token k = peek();
        return k != null && k.isKeyword(word);
    }

    private boolean atSymbol(String symbol) {
        Token k = peek();
        return k != null && k.isSymbol(symbol);
    }

    private boolean acceptKeyword(String word) {
        if (atKeyword(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (atSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private void keyword(String word) throws NotTaken {
        if (!acceptKeyword(word)) {
            throw NotTaken.INSTANCE;
        }
    }

    private void symbol(String symbol) throws NotTaken {
        if (!acceptSymbol(symbol)) {
            throw NotTaken.INSTANCE;
        }
    }

    private Token next() throws NotTaken {
        Token k = peek();
        if (k == null) {
            throw NotTaken.INSTANCE;
        }
        pos++;
        return k;
    }

    // ---- SELECT

    /** A select item before the FROM clause is known: expression, spelled qualifiers, alias and label source. */
    private record RawItem(Expr expr, List<List<String>> qualifiers, String alias, String spelled, boolean derived) {
    }

    private TextStatement select() throws NotTaken {
        join();
        keyword("select");
        List<RawItem> raw = new ArrayList<>();
        int columns = 0;
        do {
            if (acceptSymbol("*")) {
                raw.add(new RawItem(new Column(0), List.of(), null, "key", false));
                raw.add(new RawItem(new Column(1), List.of(), null, "value", false));
                if (joinAlias != null) {
                    // Calcite's labels for the second table's columns of a star
                    raw.add(new RawItem(new Column(2), List.of(), null, "key0", false));
                    raw.add(new RawItem(new Column(3), List.of(), null, "value0", false));
                }
                columns += 2;
                continue;
            }
            raw.add(item());
            columns++;
        } while (acceptSymbol(","));
        if (pos == t.size()) {
            return literals(raw);
        }
        keyword("from");
        if (joinAlias != null) {
            pos = joinEnd;
        } else {
            table();
            alias = optionalAlias();
        }
        for (RawItem it : raw) {
            for (List<String> q : it.qualifiers()) {
                checkQualifier(q);
            }
            if (!(it.expr() instanceof CountAll) && !usesColumn(it.expr())) {
                throw NotTaken.INSTANCE; // constants over kv: Calcite may fold or type them otherwise
            }
        }
        Where where = null;
        if (acceptKeyword("where")) {
            where = where();
        }
        if (joinAlias != null) {
            return joined(raw, where);
        }
        if (atKeyword("group")) {
            return grouped(raw, where);
        }
        for (RawItem it : raw) {
            if (hasAgg(it.expr())) {
                throw NotTaken.INSTANCE; // aggregates other than count(*) only with GROUP BY
            }
        }
        Boolean orderBy = null;
        if (atKeyword("order")) {
            pos++;
            keyword("by");
            keyRef();
            orderBy = acceptKeyword("desc");
            if (!orderBy) {
                acceptKeyword("asc");
            }
            if (where instanceof Lookup) {
                throw NotTaken.INSTANCE; // Calcite sorts looked-up rows itself
            }
            for (RawItem it : raw) {
                if (it.alias() != null) {
                    throw NotTaken.INSTANCE; // ORDER BY may name a select item's alias
                }
            }
        }
        RowCount[] rows = rows();
        RowCount offset = rows[0];
        RowCount fetch = rows[1];
        boolean count = raw.get(0).expr() instanceof CountAll;
        if (count && (raw.size() != 1 || orderBy != null || offset != null || fetch != null)) {
            throw NotTaken.INSTANCE;
        }
        for (int i = 1; i < raw.size(); i++) {
            if (raw.get(i).expr() instanceof CountAll) {
                throw NotTaken.INSTANCE;
            }
        }
        if (!filters.isEmpty() && (orderBy != null || !(where instanceof Lookup) && (offset != null || fetch != null))) {
            // Calcite keeps a sort above a filtered ordered read, pushes rows into it only without a filter, and
            // chooses by cost between a full scan and an ordered read under a row count (a filter it can simplify
            // away, such as key LIKE '%', leaves just that choice)
            throw NotTaken.INSTANCE;
        }
        return new TextStatement.Select(labels(raw), where, filters, orderBy, offset, fetch);
    }

    /**
     * Before a SELECT's items are read (they name the tables): when its FROM clause, the first {@code FROM} outside
     * parentheses, is {@code [kvstore .] kv [AS] a [INNER | LEFT [OUTER]] JOIN [kvstore .] kv [AS] b ON b.key = k}
     * ({@code k} being {@code a.key} or {@code TEXT(a.value)}, either operand first, both tables aliased, the
     * aliases different), notes the join ({@link #alias} a, {@link #joinAlias} b); the columns of b are then
     * {@code Column(2)} and {@code Column(3)}. Leaves the position at the start; anything else after the first
     * table is not a join here (and then not taken by the single-table grammar either).
     */
    private void join() throws NotTaken {
        int depth = 0;
        int from = -1;
        for (int i = 1; i < t.size() && from < 0; i++) {
            Token k = t.get(i);
            if (k.isSymbol("(")) {
                depth++;
            } else if (k.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && k.isKeyword("from")) {
                from = i;
            }
        }
        if (from < 0) {
            return;
        }
        pos = from + 1;
        table();
        String a = optionalAlias();
        if (!atKeyword("join") && !atKeyword("inner") && !atKeyword("left")) {
            pos = 0;
            return;
        }
        boolean left = acceptKeyword("left");
        if (left) {
            acceptKeyword("outer");
        } else {
            acceptKeyword("inner");
        }
        keyword("join");
        table();
        String b = optionalAlias();
        if (a == null || b == null || a.equalsIgnoreCase(b)) {
            throw NotTaken.INSTANCE;
        }
        keyword("on");
        List<String> x = joinOperand();
        symbol("=");
        List<String> y = joinOperand();
        List<String> inner = isRef(x, b, "key") ? x : y;
        List<String> outer = inner == x ? y : x;
        if (!isRef(inner, b, "key") || !isRef(outer, a, "key") && !isRef(outer, a, "text(value)")) {
            throw NotTaken.INSTANCE;
        }
        alias = a;
        joinAlias = b;
        joinLeft = left;
        joinOnValue = !isRef(outer, a, "key");
        joinEnd = pos;
        pos = 0;
    }

    /** An operand of a join's ON clause: {@code q.column} or {@code TEXT(q.column)} as {q, column or text(column)}. */
    private List<String> joinOperand() throws NotTaken {
        boolean text = peek() != null && peek().isName("text") && !peek().quoted() && peek(1) != null
                && peek(1).isSymbol("(");
        if (text) {
            pos += 2;
        }
        List<String> ref = columnRef();
        if (ref.size() != 2) {
            throw NotTaken.INSTANCE;
        }
        if (text) {
            symbol(")");
            return List.of(ref.get(0), "text(" + ref.get(1) + ")");
        }
        return ref;
    }

    private static boolean isRef(List<String> ref, String table, String column) {
        return ref.get(0).equalsIgnoreCase(table) && ref.get(1).equals(column);
    }

    /**
     * The rest of a SELECT over a join (see {@link #join}), after its WHERE clause: a key lookup or range on the
     * outer table (Volcano's plan of an unfiltered join may be a hash join, whose row order is not the lookup
     * order), filters on the outer table only (with one on the inner table Volcano may plan a hash join too), and
     * a row count without filters on an INNER join; no ORDER BY, GROUP BY or aggregates. A LEFT join only on
     * {@code TEXT(a.value)} (on {@code a.key} Calcite plans a hash join), without row counts, with the inner
     * table's columns read bare or by TEXT/BYTES (whose types are nullable either way).
     */
    private TextStatement joined(List<RawItem> raw, Where where) throws NotTaken {
        if (where == null || atKeyword("order") || atKeyword("group")) {
            throw NotTaken.INSTANCE;
        }
        for (RawItem it : raw) {
            if (it.expr() instanceof CountAll || hasAgg(it.expr())) {
                throw NotTaken.INSTANCE;
            }
        }
        RowCount[] rows = rows();
        boolean counted = rows[0] != null || rows[1] != null;
        if (counted && (joinLeft || !filters.isEmpty())) {
            throw NotTaken.INSTANCE;
        }
        if (joinLeft) {
            if (!joinOnValue) {
                throw NotTaken.INSTANCE;
            }
            for (RawItem it : raw) {
                Expr e = it.expr();
                boolean bare = e instanceof Column || e instanceof Call c && LABELLED.contains(c.name())
                        && c.arg() instanceof Column;
                if (!bare && readsJoined(e)) {
                    throw NotTaken.INSTANCE;
                }
            }
        }
        for (TextStatement.Filter f : filters) {
            if (readsJoined(f.expr())) {
                throw NotTaken.INSTANCE; // Volcano may then plan a hash join (rows in another order)
            }
        }
        return new TextStatement.Join(new TextStatement.Select(labels(raw), where, filters, null, rows[0], rows[1]),
                joinLeft, joinOnValue);
    }

    private static boolean readsJoined(Expr e) {
        return any(e, x -> x instanceof Column c && c.index() >= 2);
    }

    /** {@code SELECT literal, ...} without FROM: each item a literal ({@link #isLiteral}). */
    private static TextStatement literals(List<RawItem> raw) throws NotTaken {
        for (RawItem it : raw) {
            if (!isLiteral(it.expr()) || !it.qualifiers().isEmpty()) {
                throw NotTaken.INSTANCE;
            }
        }
        return new TextStatement.Literals(labels(raw));
    }

    /**
     * A literal Calcite types as this driver does without planning: an integer that fits INTEGER (or its negation),
     * a non-empty character string (CHAR of its length), TRUE or FALSE.
     */
    private static boolean isLiteral(Expr e) {
        if (e instanceof TextStatement.Neg n) {
            e = n.arg();
        }
        return e instanceof TextStatement.IntLit i && !i.isBig()
                || e instanceof TextStatement.Text s && !s.literal().isEmpty()
                || e instanceof TextStatement.Bool;
    }

    /** {@code VALUES literal} or {@code VALUES (literal [, literal]...)}: one row. */
    private TextStatement values() throws NotTaken {
        keyword("values");
        List<RawItem> raw = new ArrayList<>();
        boolean paren = acceptSymbol("(");
        do {
            Expr e = unary(new ArrayList<>(), 0);
            raw.add(new RawItem(e, List.of(), null, null, false));
        } while (paren && acceptSymbol(","));
        if (paren) {
            symbol(")");
        }
        for (RawItem it : raw) {
            if (!isLiteral(it.expr()) || it.expr() instanceof TextStatement.Neg && !paren) {
                throw NotTaken.INSTANCE;
            }
        }
        return new TextStatement.Literals(labels(raw));
    }

    /** Whether {@code e} is or holds an aggregate other than {@code count(*)}. */
    private static boolean hasAgg(Expr e) {
        return any(e, x -> x instanceof TextStatement.Agg);
    }

    /** Whether {@code test} holds for {@code e} or for any expression it is made of. */
    private static boolean any(Expr e, java.util.function.Predicate<Expr> test) {
        if (test.test(e)) {
            return true;
        }
        for (Expr c : e.children()) {
            if (any(c, test)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code GROUP BY group [ORDER BY n [ASC | DESC]] [LIMIT n]} after the WHERE clause: one group expression of
     * text or integers that reads a column but is not the bare key (Calcite drops a grouping on the unique key);
     * each select item is that expression as written or an aggregate of an expression of the row.
     */
    private TextStatement grouped(List<RawItem> raw, Where where) throws NotTaken {
        keyword("group");
        keyword("by");
        List<List<String>> qualifiers = new ArrayList<>();
        Expr group = expr(qualifiers, 0);
        for (List<String> q : qualifiers) {
            checkQualifier(q);
        }
        char family = family(group);
        if (group instanceof Column c && c.index() == 0) {
            // Calcite drops a grouping on the unique key: each row is its own group, count(*) is 1
            for (RawItem it : raw) {
                if (!(it.expr() instanceof CountAll) && !(it.expr() instanceof Column k && k.index() == 0)) {
                    throw NotTaken.INSTANCE;
                }
            }
            if (!(where instanceof Lookup) || pos != t.size()) {
                // over a scan Calcite reads the rows in another order than the front door's full scan
                throw NotTaken.INSTANCE;
            }
            List<Item> items = labels(raw);
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i).expr() instanceof CountAll) {
                    items.set(i, new Item(new TextStatement.Agg("COUNT", null), items.get(i).label()));
                }
            }
            return new TextStatement.Grouped(items, group, where, filters, -1, false, null);
        }
        if (!usesColumn(group) || hasAgg(group) || group instanceof CountAll || group instanceof Column
                || family != TEXT && family != NUMBER) {
            throw NotTaken.INSTANCE;
        }
        for (RawItem it : raw) {
            Expr e = it.expr();
            if (e instanceof CountAll) {
                continue;
            }
            if (e instanceof TextStatement.Agg a) {
                if (a.arg() != null && (hasAgg(a.arg()) || !usesColumn(a.arg()))) {
                    throw NotTaken.INSTANCE;
                }
                continue;
            }
            if (!e.equals(group)) {
                throw NotTaken.INSTANCE;
            }
        }
        int orderBy = -1;
        boolean desc = false;
        if (acceptKeyword("order")) {
            keyword("by");
            Token n = next();
            if (n.kind() != Token.Kind.NUMBER || Long.parseLong(n.text()) < 1
                    || Long.parseLong(n.text()) > raw.size()) {
                throw NotTaken.INSTANCE;
            }
            orderBy = Integer.parseInt(n.text()) - 1;
            desc = acceptKeyword("desc");
            if (!desc) {
                acceptKeyword("asc");
            }
        }
        RowCount fetch = null;
        if (acceptKeyword("limit")) {
            fetch = rowCount();
            if (fetch.isParam()) {
                throw NotTaken.INSTANCE;
            }
        }
        List<Item> items = labels(raw);
        for (int i = 0; i < raw.size(); i++) {
            Expr e = raw.get(i).expr();
            items.set(i, new Item(e instanceof CountAll ? new TextStatement.Agg("COUNT", null) : e,
                    items.get(i).label()));
        }
        return new TextStatement.Grouped(items, group, where, filters, orderBy, desc, fetch);
    }

    /** Whether {@code e} reads a column of {@code kv} (else it is a constant); {@code COUNT(*)} reads rows. */
    private static boolean usesColumn(Expr e) {
        return any(e, x -> x instanceof Column || x instanceof TextStatement.Agg a && a.arg() == null);
    }

    /** Whether an integer expression is BIGINT as Calcite types it (else INTEGER). */
    public static boolean isBigint(Expr e) {
        if (e instanceof TextStatement.IntLit i) {
            return i.isBig();
        }
        if (e instanceof TextStatement.Arith a) {
            return isBigint(a.left()) || isBigint(a.right());
        }
        if (e instanceof TextStatement.Neg n) {
            return isBigint(n.arg());
        }
        return e instanceof TextStatement.Cast c && c.type().equals("BIGINT");
    }

    /** The items with Calcite's labels (see the class comment). */
    private static List<Item> labels(List<RawItem> raw) throws NotTaken {
        Set<String> taken = new HashSet<>();
        for (RawItem it : raw) {
            String name = it.alias() != null ? it.alias() : it.expr() instanceof Column ? it.spelled() : null;
            if (name != null) {
                if (name.toUpperCase(Locale.ROOT).startsWith("EXPR$")) {
                    throw NotTaken.INSTANCE; // would clash with a generated label
                }
                taken.add(name.toLowerCase(Locale.ROOT));
            }
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            RawItem it = raw.get(i);
            String label;
            if (it.alias() != null) {
                label = it.alias();
            } else if (it.expr() instanceof Column) {
                label = it.spelled();
            } else if (it.derived() && taken.add(it.spelled().toLowerCase(Locale.ROOT))) {
                label = it.spelled();
            } else {
                label = "EXPR$" + i;
            }
            items.add(new Item(it.expr(), label));
        }
        return items;
    }

    private RawItem item() throws NotTaken {
        List<List<String>> qualifiers = new ArrayList<>();
        int start = pos;
        Expr e = expr(qualifiers, 0);
        // the spelled name: a column's last name; f(column) for kvstore's functions on a column
        String spelled = null;
        boolean derived = false;
        if (e instanceof Column) {
            spelled = t.get(pos - 1).text();
        } else if (e instanceof Call c && c.arg() instanceof Column && LABELLED.contains(c.name())) {
            spelled = t.get(start).text() + "(" + t.get(pos - 2).text() + ")";
            derived = true;
        }
        return new RawItem(e, qualifiers, optionalAlias(), spelled, derived);
    }

    private static boolean isAlias(Token k) {
        return k != null && k.kind() == Token.Kind.WORD && (k.quoted()
                || (!CLAUSE_WORDS.contains(k.text().toLowerCase(Locale.ROOT))
                    && !RESERVED.contains(k.text().toLowerCase(Locale.ROOT))));
    }

    /**
     * An expression: integer arithmetic ({@link #additive}), or a concatenation
     * {@code operand || operand [|| operand]...} of text whose first operand is not a literal (so that Calcite
     * types every partial result VARCHAR, not CHAR(n)), each later {@code operand} a primary or a string literal.
     * Text and numbers never mix (Calcite would cast or refuse).
     */
    private Expr expr(List<List<String>> qualifiers, int depth) throws NotTaken {
        Expr e = additive(qualifiers, depth);
        while (acceptSymbol("||")) {
            Token k = peek();
            Expr right = k != null && k.kind() == Token.Kind.STRING ? new TextStatement.Text(next().text())
                    : primary(qualifiers, depth);
            if (family(e) != TEXT || family(right) != TEXT || e instanceof CountAll
                    || e instanceof TextStatement.Text) {
                throw NotTaken.INSTANCE;
            }
            e = new TextStatement.Concat(e, right);
        }
        return e;
    }

    /** {@code term [(+ | -) term]...} on integers (a single term of any type). */
    private Expr additive(List<List<String>> qualifiers, int depth) throws NotTaken {
        Expr e = term(qualifiers, depth);
        while (atSymbol("+") || atSymbol("-")) {
            String op = next().text();
            e = arith(op, e, term(qualifiers, depth));
        }
        return e;
    }

    /** {@code unary [(* | / | %) unary]...} on integers (a single operand of any type). */
    private Expr term(List<List<String>> qualifiers, int depth) throws NotTaken {
        Expr e = unary(qualifiers, depth);
        while (atSymbol("*") || atSymbol("/") || atSymbol("%")) {
            String op = next().text();
            e = arith(op, e, unary(qualifiers, depth));
        }
        return e;
    }

    private static Expr arith(String op, Expr left, Expr right) throws NotTaken {
        if (family(left) != NUMBER || family(right) != NUMBER || left instanceof CountAll
                || right instanceof CountAll) {
            throw NotTaken.INSTANCE;
        }
        return new TextStatement.Arith(op, left, right);
    }

    /** {@code - unary} of an integer, or a primary. */
    private Expr unary(List<List<String>> qualifiers, int depth) throws NotTaken {
        if (acceptSymbol("-")) {
            Expr e = unary(qualifiers, depth);
            if (family(e) != NUMBER || e instanceof CountAll) {
                throw NotTaken.INSTANCE;
            }
            return new TextStatement.Neg(e);
        }
        return primary(qualifiers, depth);
    }

    /**
     * A column, a literal (integer, string, TRUE/FALSE: where each may stand is checked by the caller), a
     * parenthesized arithmetic expression, or a function call (nested calls at most 4 deep); argument families
     * checked with {@link #family}.
     */
    private Expr primary(List<List<String>> qualifiers, int depth) throws NotTaken {
        Token k = peek();
        Token after = peek(1);
        if (k == null) {
            throw NotTaken.INSTANCE;
        }
        if (k.kind() == Token.Kind.NUMBER) {
            pos++;
            return new TextStatement.IntLit(Long.parseLong(k.text()));
        }
        if (k.kind() == Token.Kind.STRING) {
            pos++;
            return new TextStatement.Text(k.text());
        }
        if (k.kind() == Token.Kind.WORD && !k.quoted() && (k.isKeyword("true") || k.isKeyword("false"))) {
            pos++;
            return new TextStatement.Bool(k.isKeyword("true"));
        }
        if (k.isSymbol("(")) {
            if (depth > 3) {
                throw NotTaken.INSTANCE;
            }
            pos++;
            Expr e = additive(qualifiers, depth + 1);
            symbol(")");
            if (family(e) != NUMBER || !(e instanceof TextStatement.Arith)) {
                throw NotTaken.INSTANCE; // only arithmetic is grouped
            }
            return e;
        }
        if (k.kind() == Token.Kind.WORD && !k.quoted() && after != null && after.isSymbol("(")) {
            String name = k.text().toUpperCase(Locale.ROOT);
            pos += 2;
            if (name.equals("COUNT") && depth == 0 && atSymbol("*")) {
                symbol("*");
                symbol(")");
                return new CountAll();
            }
            if (AGGREGATES.contains(name) && depth == 0) {
                Expr arg = expr(qualifiers, depth + 1);
                symbol(")");
                char f = family(arg);
                if (arg instanceof CountAll || f != TEXT && f != NUMBER
                        || name.equals("SUM") && f != NUMBER) {
                    throw NotTaken.INSTANCE;
                }
                return new TextStatement.Agg(name, arg);
            }
            if (depth > 3) {
                throw NotTaken.INSTANCE;
            }
            Expr special = special(name, qualifiers, depth + 1);
            if (special != null) {
                symbol(")");
                return special;
            }
            String signature = FUNCTIONS.get(name);
            if (signature == null) {
                throw NotTaken.INSTANCE;
            }
            Expr arg = expr(qualifiers, depth + 1);
            if (family(arg) != signature.charAt(0) || !usesColumn(arg)) {
                // Calcite rejects it, or casts, or types a literal CHAR(n): let Calcite plan it
                throw NotTaken.INSTANCE;
            }
            symbol(")");
            return new Call(name, arg);
        }
        List<String> q = columnRef();
        qualifiers.add(q.subList(0, q.size() - 1));
        return new Column((q.get(q.size() - 1).equals("key") ? 0 : 1) + (ofJoined(q) ? 2 : 0));
    }

    /** Whether a column reference names the looked-up table of a join. */
    private boolean ofJoined(List<String> ref) {
        return joinAlias != null && ref.size() == 2 && ref.get(0).equalsIgnoreCase(joinAlias);
    }

    /** The functions with their own syntax or several arguments (after {@code name (}), or null for another name. */
    private Expr special(String name, List<List<String>> qualifiers, int depth) throws NotTaken {
        switch (name) {
            case "MOD" -> {
                Expr a = additive(qualifiers, depth);
                symbol(",");
                return arith("%", a, additive(qualifiers, depth));
            }
            case "CAST" -> {
                Expr a = expr(qualifiers, depth);
                keyword("as");
                Token type = next();
                String target = type.kind() == Token.Kind.WORD && !type.quoted() ? type.text().toUpperCase(Locale.ROOT)
                        : "";
                int precision = -1;
                if (acceptSymbol("(")) {
                    Token n = next();
                    if (n.kind() != Token.Kind.NUMBER || Long.parseLong(n.text()) < 1
                            || Long.parseLong(n.text()) > 1000) {
                        throw NotTaken.INSTANCE;
                    }
                    precision = Integer.parseInt(n.text());
                    symbol(")");
                }
                char from = family(a);
                boolean ok = usesColumn(a) && switch (target) {
                    case "INTEGER", "INT" -> from == TEXT && precision < 0;
                    case "BIGINT" -> (from == TEXT || from == NUMBER && !isBigint(a)) && precision < 0;
                    case "VARCHAR" -> from == NUMBER && precision < 0 || from == BINARY
                            || from == TEXT && precision > 0;
                    case "VARBINARY" -> from == TEXT && precision < 0;
                    default -> false;
                };
                if (!ok || a instanceof CountAll) {
                    throw NotTaken.INSTANCE;
                }
                return new TextStatement.Cast(a, target.equals("INT") ? "INTEGER" : target, precision);
            }
            case "SUBSTRING" -> {
                Expr s = expr(qualifiers, depth);
                boolean standard = acceptKeyword("from");
                if (!standard) {
                    symbol(",");
                }
                Expr start = additive(qualifiers, depth);
                Expr length = null;
                if (standard ? acceptKeyword("for") : acceptSymbol(",")) {
                    length = additive(qualifiers, depth);
                }
                if (family(s) != TEXT || !usesColumn(s) || !isInteger(start) || length != null && !isInteger(length)) {
                    throw NotTaken.INSTANCE;
                }
                return new TextStatement.Substring(s, start, length);
            }
            case "TRIM" -> {
                boolean leading = true;
                boolean trailing = true;
                String chars = " ";
                boolean spec = false;
                if (acceptKeyword("both")) {
                    spec = true;
                } else if (acceptKeyword("leading")) {
                    trailing = false;
                    spec = true;
                } else if (acceptKeyword("trailing")) {
                    leading = false;
                    spec = true;
                }
                Token c = peek();
                if (c != null && c.kind() == Token.Kind.STRING) {
                    pos++;
                    chars = c.text();
                    spec = true;
                }
                if (spec) {
                    keyword("from");
                }
                Expr s = expr(qualifiers, depth);
                if (family(s) != TEXT || !usesColumn(s)) {
                    throw NotTaken.INSTANCE;
                }
                return new TextStatement.Trim(leading, trailing, chars, s);
            }
            case "POSITION" -> {
                Expr seek = expr(qualifiers, depth);
                keyword("in");
                Expr s = expr(qualifiers, depth);
                if (family(seek) != TEXT || family(s) != TEXT || !usesColumn(seek) && !usesColumn(s)) {
                    throw NotTaken.INSTANCE;
                }
                return new TextStatement.Position(seek, s);
            }
            default -> {
                return null;
            }
        }
    }

    /** An INTEGER expression (a number that is not BIGINT, not count(*)). */
    private static boolean isInteger(Expr e) {
        return family(e) == NUMBER && !isBigint(e) && !(e instanceof CountAll);
    }

    /** The type family of an expression: {@link #TEXT}, {@link #BINARY} or {@link #NUMBER}. */
    private static char family(Expr e) {
        if (e instanceof Column c) {
            return c.index() % 2 == 0 ? TEXT : BINARY;
        }
        if (e instanceof Call c) {
            return FUNCTIONS.get(c.name()).charAt(1);
        }
        if (e instanceof TextStatement.Concat || e instanceof TextStatement.Text
                || e instanceof TextStatement.Substring || e instanceof TextStatement.Trim) {
            return TEXT;
        }
        if (e instanceof TextStatement.Cast c) {
            return switch (c.type()) {
                case "VARCHAR" -> TEXT;
                case "VARBINARY" -> BINARY;
                default -> NUMBER;
            };
        }
        if (e instanceof TextStatement.Bool) {
            return 'Z';
        }
        if (e instanceof TextStatement.Agg a) {
            return a.fn().equals("MIN") || a.fn().equals("MAX") ? family(a.arg()) : NUMBER;
        }
        return NUMBER;
    }

    /**
     * {@code [q .] [q .] column}: the qualifier names as written and, last, {@code key} or {@code value}.
     */
    private List<String> columnRef() throws NotTaken {
        List<String> names = new ArrayList<>();
        while (true) {
            Token k = next();
            if (k.kind() != Token.Kind.WORD) {
                throw NotTaken.INSTANCE;
            }
            names.add(k.text());
            if (names.size() < 3 && atSymbol(".")) {
                pos++;
                continue;
            }
            break;
        }
        String column = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
        if (!column.equals("key") && !column.equals("value")) {
            throw NotTaken.INSTANCE;
        }
        names.set(names.size() - 1, column);
        return names;
    }

    /**
     * Checks that a qualifier (names before the column) names the table as the FROM clause does: nothing; the
     * alias; or, without an alias, {@code kv} or {@code kvstore.kv}.
     */
    private void checkQualifier(List<String> names) throws NotTaken {
        if (names.isEmpty()) {
            if (joinAlias != null) {
                throw NotTaken.INSTANCE; // ambiguous in a join: Calcite reports it
            }
            return;
        }
        boolean ok;
        if (joinAlias != null) {
            ok = names.size() == 1 && (names.get(0).equalsIgnoreCase(alias) || names.get(0).equalsIgnoreCase(joinAlias));
        } else if (alias != null) {
            ok = names.size() == 1 && names.get(0).equalsIgnoreCase(alias);
        } else if (names.size() == 1) {
            ok = names.get(0).equalsIgnoreCase("kv");
        } else {
            ok = names.size() == 2 && names.get(0).equalsIgnoreCase("kvstore") && names.get(1).equalsIgnoreCase("kv");
        }
        if (!ok) {
            throw NotTaken.INSTANCE;
        }
    }

    /** {@code key} as a column reference in WHERE or ORDER BY (qualified as the FROM clause allows). */
    private void keyRef() throws NotTaken {
        List<String> q = columnRef();
        if (!q.get(q.size() - 1).equals("key") || ofJoined(q)) {
            throw NotTaken.INSTANCE;
        }
        checkQualifier(q.subList(0, q.size() - 1));
    }

    /** {@code [kvstore .] kv}. */
    private void table() throws NotTaken {
        if (peek() != null && peek().isName("kvstore") && peek(1) != null && peek(1).isSymbol(".")) {
            pos += 2;
        }
        if (!next().isName("kv")) {
            throw NotTaken.INSTANCE;
        }
    }

    /** {@code [[AS] alias]}: the alias, or null when there is none; an AS without a usable name is not taken. */
    private String optionalAlias() throws NotTaken {
        if (acceptKeyword("as")) {
            if (!isAlias(peek())) {
                throw NotTaken.INSTANCE;
            }
            return next().text();
        }
        return isAlias(peek()) ? next().text() : null;
    }

    private Operand operand() throws NotTaken {
        Token k = next();
        if (k.kind() == Token.Kind.PARAM) {
            return new Operand(null, k.param());
        }
        if (k.kind() == Token.Kind.STRING) {
            return new Operand(k.text(), -1);
        }
        throw NotTaken.INSTANCE;
    }

    private Where where() throws NotTaken {
        List<Operand> keys = new ArrayList<>();
        List<Bound> lows = new ArrayList<>();
        List<Bound> highs = new ArrayList<>();
        String prefix = null;
        Boolean lookup = null;
        boolean sawOr = false;
        boolean sawAnd = false;
        int lookups = 0;
        while (true) {
            if (!atKeyCondition()) {
                filter();
            } else if (atKeyFilter()) {
                keyRef();
                Token op = next();
                filters.add(new TextStatement.Filter(new Column(0), op.isSymbol("<>") ? "<>" : "LIKE", next().text(),
                        TEXT));
                if (atKeyword("escape")) {
                    throw NotTaken.INSTANCE;
                }
            } else {
                keyRef();
                Token op = next();
                boolean isLookup = op.isSymbol("=") || op.isKeyword("in");
                if (lookup != null && lookup != isLookup) {
                    throw NotTaken.INSTANCE;
                }
                lookup = isLookup;
                lookups += isLookup ? 1 : 0;
                if (op.isSymbol("=")) {
                    keys.add(operand());
                } else if (op.isKeyword("in")) {
                    symbol("(");
                    do {
                        keys.add(operand());
                    } while (acceptSymbol(","));
                    symbol(")");
                } else if (op.isSymbol(">") || op.isSymbol(">=")) {
                    lows.add(new Bound(operand(), op.text().length() == 2));
                } else if (op.isSymbol("<") || op.isSymbol("<=")) {
                    highs.add(new Bound(operand(), op.text().length() == 2));
                } else if (op.isKeyword("between")) {
                    lows.add(new Bound(operand(), true));
                    keyword("and");
                    highs.add(new Bound(operand(), true));
                } else if (op.isKeyword("like") && prefix == null) {
                    Token p = next();
                    if (p.kind() != Token.Kind.STRING) {
                        throw NotTaken.INSTANCE;
                    }
                    String s = p.text();
                    if (s.length() < 2 || !s.endsWith("%")) {
                        throw NotTaken.INSTANCE;
                    }
                    prefix = s.substring(0, s.length() - 1);
                    if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0) {
                        throw NotTaken.INSTANCE;
                    }
                } else {
                    throw NotTaken.INSTANCE;
                }
            }
            if (acceptKeyword("or")) {
                sawOr = true;
            } else if (acceptKeyword("and")) {
                sawAnd = true;
            } else {
                break;
            }
        }
        // ORs join key lookups only; ANDs join at most one lookup, or ranges, with filters
        if (sawOr && (sawAnd || !filters.isEmpty() || !Boolean.TRUE.equals(lookup))
                || !sawOr && lookups > 1) {
            throw NotTaken.INSTANCE;
        }
        if (lookup == null) {
            return null; // filters only: every row is read
        }
        return lookup ? new Lookup(keys) : new Range(lows, highs, prefix);
    }

    /** Whether a key condition ({@code key} then a key operator) starts here, rather than a filter. */
    private boolean atKeyCondition() {
        int save = pos;
        try {
            List<String> q = columnRef();
            if (!q.get(q.size() - 1).equals("key") || ofJoined(q)) {
                return false; // the joined table's key is filtered (a key condition reads the outer table)
            }
            Token op = peek();
            return op != null && !op.isKeyword("is") && !op.isKeyword("not");
        } catch (NotTaken e) {
            return false;
        } finally {
            pos = save;
        }
    }

    /**
     * Whether a condition on the key that no key read serves starts here: {@code key <> 'text'}, or
     * {@code key LIKE 'pattern'} with the pattern starting with a wildcard (Calcite's plan reads every row and
     * filters, as the front door then does).
     */
    private boolean atKeyFilter() {
        int save = pos;
        try {
            if (ofJoined(columnRef())) {
                return false;
            }
            Token op = peek();
            Token lit = peek(1);
            if (op == null || lit == null || lit.kind() != Token.Kind.STRING) {
                return false;
            }
            return op.isSymbol("<>") || op.isKeyword("like") && !lit.text().isEmpty()
                    && (lit.text().charAt(0) == '%' || lit.text().charAt(0) == '_');
        } catch (NotTaken e) {
            return false;
        } finally {
            pos = save;
        }
    }

    /**
     * A filter (see {@link TextStatement.Filter}) on an expression of {@code value} or a function of {@code key}
     * (a bare key's conditions are key conditions), with a literal of the expression's family.
     */
    private void filter() throws NotTaken {
        List<List<String>> qualifiers = new ArrayList<>();
        Expr e = expr(qualifiers, 0);
        for (List<String> q : qualifiers) {
            checkQualifier(q);
        }
        if (e instanceof CountAll || e instanceof Column c && c.index() == 0 || !usesColumn(e)) {
            throw NotTaken.INSTANCE;
        }
        char family = family(e);
        Token op = next();
        if (op.isKeyword("is")) {
            boolean not = acceptKeyword("not");
            keyword("null");
            filters.add(new TextStatement.Filter(e, not ? "IS NOT NULL" : "IS NULL", null, family));
            return;
        }
        String symbol;
        if (op.isKeyword("like")) {
            symbol = "LIKE";
            if (family != TEXT) {
                throw NotTaken.INSTANCE;
            }
        } else if (op.kind() == Token.Kind.SYMBOL && Set.of("=", "<>", "<", "<=", ">", ">=").contains(op.text())) {
            symbol = op.text();
        } else {
            throw NotTaken.INSTANCE;
        }
        Token lit = next();
        char litFamily = switch (lit.kind()) {
            case STRING -> TEXT;
            case BINARY -> BINARY;
            case NUMBER -> NUMBER;
            default -> 0;
        };
        if (litFamily != family || atKeyword("escape")) {
            throw NotTaken.INSTANCE; // Calcite casts, or refuses: let it
        }
        filters.add(new TextStatement.Filter(e, symbol, lit.text(), family));
    }

    /** {offset, fetch} of LIMIT/OFFSET/FETCH, each null when absent. */
    private RowCount[] rows() throws NotTaken {
        RowCount offset = null;
        RowCount fetch = null;
        if (acceptKeyword("limit")) {
            fetch = rowCount();
            if (acceptKeyword("offset")) {
                offset = rowCount();
            }
            return new RowCount[] {offset, fetch};
        }
        if (acceptKeyword("offset")) {
            offset = rowCount();
            if (!acceptKeyword("rows")) {
                acceptKeyword("row");
            }
        }
        if (acceptKeyword("fetch")) {
            if (!acceptKeyword("first")) {
                keyword("next");
            }
            fetch = rowCount();
            if (!acceptKeyword("rows")) {
                keyword("row");
            }
            keyword("only");
        }
        return new RowCount[] {offset, fetch};
    }

    private RowCount rowCount() throws NotTaken {
        Token k = next();
        if (k.kind() == Token.Kind.PARAM) {
            return new RowCount(0, k.param());
        }
        if (k.kind() == Token.Kind.NUMBER) {
            long n = Long.parseLong(k.text());
            if (n > Integer.MAX_VALUE) {
                throw NotTaken.INSTANCE;
            }
            return new RowCount(n, -1);
        }
        throw NotTaken.INSTANCE;
    }

    // ---- writes

    private TextStatement insert() throws NotTaken {
        keyword("insert");
        keyword("into");
        table();
        boolean keyFirst = true;
        if (acceptSymbol("(")) {
            String a = plainColumn();
            symbol(",");
            String b = plainColumn();
            symbol(")");
            if (a.equals(b)) {
                throw NotTaken.INSTANCE;
            }
            keyFirst = a.equals("key");
        }
        keyword("values");
        List<Token[]> tuples = new ArrayList<>();
        do {
            symbol("(");
            Token first = next();
            symbol(",");
            Token second = next();
            symbol(")");
            tuples.add(keyFirst ? new Token[] {first, second} : new Token[] {second, first});
        } while (acceptSymbol(","));
        List<TextStatement.Row> rows = new ArrayList<>();
        for (Token[] tuple : tuples) {
            Token key = tuple[0];
            Token value = tuple[1];
            if (tuples.size() > 1 && (key.kind() != tuples.get(0)[0].kind() || value.kind() != tuples.get(0)[1].kind()
                    || key.kind() == Token.Kind.PARAM || value.kind() == Token.Kind.PARAM)) {
                // Calcite types a VALUES column from all its rows (text and binary do not mix) and plans rows
                // with ? as a union the executors do not run
                throw NotTaken.INSTANCE;
            }
            rows.add(new TextStatement.Row(key(key), value(value)));
        }
        return new TextStatement.Insert(rows);
    }

    /** A key token: a string literal or {@code ?}. */
    private static Operand key(Token k) throws NotTaken {
        if (k.kind() == Token.Kind.PARAM) {
            return new Operand(null, k.param());
        }
        if (k.kind() == Token.Kind.STRING) {
            return new Operand(k.text(), -1);
        }
        throw NotTaken.INSTANCE;
    }

    /** A value token: a string or binary literal, or {@code ?}. */
    private static ValueOperand value(Token k) throws NotTaken {
        return switch (k.kind()) {
            case PARAM -> new ValueOperand(null, false, k.param());
            case STRING -> new ValueOperand(k.text(), false, -1);
            case BINARY -> new ValueOperand(k.text(), true, -1);
            default -> throw NotTaken.INSTANCE;
        };
    }

    /** An unqualified {@code key} or {@code value}. */
    private String plainColumn() throws NotTaken {
        Token k = next();
        if (k.kind() != Token.Kind.WORD) {
            throw NotTaken.INSTANCE;
        }
        String c = k.text().toLowerCase(Locale.ROOT);
        if (!c.equals("key") && !c.equals("value")) {
            throw NotTaken.INSTANCE;
        }
        return c;
    }

    private TextStatement update() throws NotTaken {
        keyword("update");
        table();
        alias = optionalAlias();
        keyword("set");
        if (!plainColumn().equals("value")) {
            throw NotTaken.INSTANCE;
        }
        symbol("=");
        ValueOperand v = value(next());
        if (!acceptKeyword("where")) {
            return new TextStatement.Update(v, null, List.of());
        }
        return new TextStatement.Update(v, where(), filters);
    }

    private TextStatement delete() throws NotTaken {
        keyword("delete");
        keyword("from");
        table();
        alias = optionalAlias();
        if (!acceptKeyword("where")) {
            return new TextStatement.Delete(null, List.of());
        }
        return new TextStatement.Delete(where(), filters);
    }
}
