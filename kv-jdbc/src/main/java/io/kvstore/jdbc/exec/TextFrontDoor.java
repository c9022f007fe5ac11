package io.kvstore.jdbc.exec;

import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A front door to the same {@link Executor}s that {@link PlanRecognizer} builds from Calcite's plans, for the
 * plainest statements on {@code kv}, read from the text alone so that they need no Calcite planning at all (a new
 * JVM's first statements would otherwise wait for Calcite's start-up, seconds on a small machine):
 * <pre>
 *   SELECT * | col [, col]... FROM [kvstore.]kv [WHERE key = ? | 'literal']
 *   INSERT INTO [kvstore.]kv [(key, value) | (value, key)] VALUES (? | 'literal', ?)
 *   UPDATE [kvstore.]kv SET value = ? WHERE key = ? | 'literal'
 *   DELETE FROM [kvstore.]kv WHERE key = ? | 'literal'
 * </pre>
 * where a column is {@code key} or {@code value}, unquoted (any case) or double-quoted; a trailing {@code ;} is
 * allowed. Everything else goes to Calcite. The executors are the ones the plan recognizer makes for the same
 * statements (column labels as the query spelled them, {@code *} as {@code key, value}), so the outcome is the
 * same; a test compares metadata, rows, counts and errors with Calcite's runtime for every accepted shape.
 *
 * <p>Stateless and thread-safe; {@link #recognize} never throws.
 */
public final class TextFrontDoor {
    private TextFrontDoor() {
    }

    /** A token: kind, text (identifier as written without quotes, literal value), whether it was quoted. */
    private record Token(char kind, String text, boolean quoted) {
        static final char WORD = 'w';
        static final char STRING = 's';
        static final char PARAM = '?';
        static final char NUMBER = 'n';

        boolean isWord(String word) {
            return kind == WORD && !quoted && text.equalsIgnoreCase(word);
        }

        /** A name (quoted or not) that resolves, case-insensitively, to {@code name}. */
        boolean isName(String name) {
            return kind == WORD && text.equalsIgnoreCase(name);
        }
    }

    /** The executor for {@code sql}, or null to let Calcite plan it. */
    public static Executor recognize(String sql, PlanRecognizer.ColumnSizes sizes) {
        if (sql == null || sql.length() > 1000) {
            return null;
        }
        List<Token> t = tokenize(sql);
        if (t == null || t.isEmpty()) {
            return null;
        }
        if (t.get(t.size() - 1).kind() == ';') {
            t = t.subList(0, t.size() - 1);
        }
        if (t.isEmpty()) {
            return null;
        }
        if (t.get(0).isWord("select")) {
            return select(t, sizes);
        }
        if (t.get(0).isWord("insert")) {
            return insert(t);
        }
        if (t.get(0).isWord("update")) {
            int i = table(t, 1);
            if (i < 0 || i + 4 > t.size() || !t.get(i).isWord("set") || !"value".equals(columnName(t.get(i + 1)))
                    || t.get(i + 2).kind() != '=' || t.get(i + 3).kind() != Token.PARAM) {
                return null;
            }
            String key = whereKey(t, i + 4);
            if (key == null) {
                return null;
            }
            Pipeline.Key k = key(key, 1);
            Expr[] projects = {(row, p) -> row[0], (row, p) -> row[1], (row, p) -> p[0]};
            int[] types = k.param() < 0 ? new int[] {Types.VARBINARY} : new int[] {Types.VARBINARY, Types.VARCHAR};
            return new WriteExecutor(WriteExecutor.Kind.UPDATE, new Pipeline(new Pipeline.Lookup(List.of(k)),
                    List.of(new Pipeline.Calc(null, projects))), types, false);
        }
        if (t.get(0).isWord("delete") && t.size() > 1 && t.get(1).isWord("from")) {
            int i = table(t, 2);
            String key = i < 0 ? null : whereKey(t, i);
            if (key == null) {
                return null;
            }
            Pipeline.Key k = key(key, 0);
            int[] types = k.param() < 0 ? new int[0] : new int[] {Types.VARCHAR};
            return new WriteExecutor(WriteExecutor.Kind.DELETE, new Pipeline(new Pipeline.Lookup(List.of(k)),
                    List.of()), types, false);
        }
        return null;
    }

    /** The lookup key of {@link #whereKey}'s answer: a literal, or parameter {@code param}. */
    private static Pipeline.Key key(String whereKey, int param) {
        return whereKey.isEmpty() ? new Pipeline.Key(null, param) : new Pipeline.Key(whereKey.substring(1), -1);
    }

    /**
     * {@code WHERE key = ?|'lit'} from {@code i} to the end: "" for a parameter, "'" + literal for a literal,
     * null if the tokens are something else.
     */
    private static String whereKey(List<Token> t, int i) {
        if (i + 4 != t.size() || !t.get(i).isWord("where") || !"key".equals(columnName(t.get(i + 1)))
                || t.get(i + 2).kind() != '=') {
            return null;
        }
        Token k = t.get(i + 3);
        return k.kind() == Token.PARAM ? "" : k.kind() == Token.STRING ? "'" + k.text() : null;
    }

    /** Words that end a FROM item (so they are never taken as a table alias). */
    private static final java.util.Set<String> CLAUSE_WORDS = java.util.Set.of("where", "limit", "offset", "fetch",
            "order", "group", "having", "join", "inner", "left", "right", "full", "cross", "natural", "union",
            "intersect", "except", "minus", "on", "using", "window", "qualify", "as", "from", "select", "values",
            "tablesample", "for", "match_recognize", "pivot", "unpivot", "lateral", "outer");

    /**
     * One select-list item: a kv column ({@code column} 0 key, 1 value) or TEXT(value) (2), with its label;
     * {@code derived}: a TEXT(value) without an alias, labelled as the adapter labels it ({@code KvColumnLabels}).
     */
    private record Item(int column, String label, List<Token> qualifier, boolean derived, int index) {
        Item(int column, String label, List<Token> qualifier) {
            this(column, label, qualifier, false, -1);
        }
    }

    /**
     * {@code SELECT item [, item]... FROM [kvstore.]kv [[AS] alias] [WHERE <key lookup>] [LIMIT n [OFFSET m]]}
     * where an item is {@code *}, {@code [qualifier.]key}, {@code [qualifier.]value} or
     * {@code TEXT([qualifier.]value)}, each with an optional {@code [AS] alias}, and a key lookup is
     * {@code key = x}, {@code key IN (x, ...)} or an OR of those, x a string literal or {@code ?}.
     */
    private static Executor select(List<Token> t, PlanRecognizer.ColumnSizes sizes) {
        int from = -1;
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).isWord("from")) {
                from = i;
                break;
            }
        }
        if (from < 2) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        int i = 1;
        while (i < from) {
            int end = i;
            int depth = 0;
            while (end < from && !(depth == 0 && t.get(end).kind() == ',')) {
                depth += t.get(end).kind() == '(' ? 1 : t.get(end).kind() == ')' ? -1 : 0;
                end++;
            }
            List<Item> parsed = item(t.subList(i, end), items.size());
            if (parsed == null) {
                return null;
            }
            items.addAll(parsed);
            i = end + 1;
            if (end == from - 1 || (end < from && i == from)) {
                if (end < from && t.get(end).kind() == ',') {
                    return null; // trailing comma
                }
            }
        }
        // as KvColumnLabels: a derived label once per select list, else Calcite's EXPR$n
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Item it : items) {
            if (!it.derived()) {
                taken.add(it.label().toLowerCase(Locale.ROOT));
            }
        }
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            if (it.derived() && !taken.add(it.label().toLowerCase(Locale.ROOT))) {
                items.set(k, new Item(2, "EXPR$" + it.index(), it.qualifier(), true, it.index()));
            }
        }
        // FROM [kvstore.]kv [[AS] alias]
        int j = table(t, from + 1);
        if (j < 0) {
            return null;
        }
        String alias = null;
        if (j < t.size() && t.get(j).isWord("as")) {
            j++;
            if (j >= t.size() || t.get(j).kind() != Token.WORD) {
                return null;
            }
        }
        if (j < t.size() && t.get(j).kind() == Token.WORD
                && (t.get(j).quoted() || !CLAUSE_WORDS.contains(t.get(j).text().toLowerCase(Locale.ROOT)))) {
            alias = t.get(j).text();
            j++;
        }
        boolean schemaQualified = t.get(from + 1).isName("kvstore") && from + 2 < t.size()
                && t.get(from + 2).kind() == '.';
        for (Item it : items) {
            if (!qualifies(it.qualifier(), alias, schemaQualified)) {
                return null;
            }
        }
        // WHERE
        List<Pipeline.Key> keys = null;
        List<Integer> keyParams = new ArrayList<>();
        int params = 0;
        if (j < t.size() && t.get(j).isWord("where")) {
            keys = new ArrayList<>();
            j++;
            while (true) {
                int after = keyRef(t, j, alias, schemaQualified);
                if (after < 0 || after >= t.size()) {
                    return null;
                }
                j = after;
                if (t.get(j).kind() == '=') {
                    Token v = j + 1 < t.size() ? t.get(j + 1) : null;
                    if (v == null || (v.kind() != Token.PARAM && v.kind() != Token.STRING)) {
                        return null;
                    }
                    keys.add(v.kind() == Token.PARAM ? new Pipeline.Key(null, params++) : new Pipeline.Key(v.text(), -1));
                    j += 2;
                } else if (t.get(j).isWord("in") && j + 1 < t.size() && t.get(j + 1).kind() == '(') {
                    j += 2;
                    while (true) {
                        Token v = j < t.size() ? t.get(j) : null;
                        if (v == null || (v.kind() != Token.PARAM && v.kind() != Token.STRING)) {
                            return null;
                        }
                        keys.add(v.kind() == Token.PARAM ? new Pipeline.Key(null, params++)
                                : new Pipeline.Key(v.text(), -1));
                        j++;
                        if (j < t.size() && t.get(j).kind() == ',') {
                            j++;
                            continue;
                        }
                        if (j < t.size() && t.get(j).kind() == ')') {
                            j++;
                            break;
                        }
                        return null;
                    }
                } else {
                    return null;
                }
                if (j < t.size() && t.get(j).isWord("or")) {
                    j++;
                    continue;
                }
                break;
            }
        }
        // LIMIT n [OFFSET m]
        Pipeline.Limit limit = null;
        if (j < t.size() && t.get(j).isWord("limit")) {
            if (j + 1 >= t.size() || t.get(j + 1).kind() != Token.NUMBER) {
                return null;
            }
            long fetch = Long.parseLong(t.get(j + 1).text());
            long offset = 0;
            j += 2;
            if (j < t.size() && t.get(j).isWord("offset")) {
                if (j + 1 >= t.size() || t.get(j + 1).kind() != Token.NUMBER) {
                    return null;
                }
                offset = Long.parseLong(t.get(j + 1).text());
                j += 2;
            }
            Integer f = fetch <= Integer.MAX_VALUE ? (int) fetch : null;
            Integer o = offset <= Integer.MAX_VALUE ? (int) offset : null;
            if (f == null || o == null) {
                return null;
            }
            limit = new Pipeline.Limit(offset == 0 ? null : (row, p) -> o, (row, p) -> f);
        }
        if (j != t.size()) {
            return null;
        }
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        Expr[] projects = new Expr[items.size()];
        int[] scanColumns = new int[items.size()];
        boolean identity = items.size() == 2;
        boolean plain = true;
        for (int c = 0; c < items.size(); c++) {
            Item it = items.get(c);
            int col = it.column();
            if (col == 2) {
                cols.add(KvResultSetMetaData.Column.expression(it.label(), Types.VARCHAR, "VARCHAR", 0, 0, true));
                projects[c] = (row, p) -> new String((byte[]) row[1], java.nio.charset.StandardCharsets.UTF_8);
                plain = false;
            } else {
                cols.add(KvResultSetMetaData.Column.kv(it.label(), col == 0 ? "key" : "value",
                        col == 0 ? sizes.maxKeyBytes() : sizes.maxValueBytes()));
                projects[c] = (row, p) -> row[col];
                scanColumns[c] = col;
            }
            identity &= col == c;
        }
        KvResultSetMetaData metaData = new KvResultSetMetaData(cols);
        List<Pipeline.Step> steps = new ArrayList<>();
        if (limit != null) {
            steps.add(limit);
        }
        if (!identity) {
            steps.add(new Pipeline.Calc(null, projects));
        }
        int[] types = new int[params];
        java.util.Arrays.fill(types, Types.VARCHAR);
        if (keys == null) {
            return new QueryExecutor(new Pipeline(new Pipeline.Scan(CursorSource.FULL), steps), null, metaData,
                    types, plain ? scanColumns : null, limit);
        }
        return new QueryExecutor(new Pipeline(new Pipeline.Lookup(keys), steps), null, metaData, types, null, null);
    }

    /** The items of one select-list entry ({@code *} gives two), or null. {@code index}: its position. */
    private static List<Item> item(List<Token> t, int index) {
        if (t.size() == 1 && t.get(0).kind() == '*') {
            return List.of(new Item(0, "key", List.of()), new Item(1, "value", List.of()));
        }
        int n = t.size();
        String alias = null;
        if (n >= 3 && t.get(n - 2).isWord("as") && t.get(n - 1).kind() == Token.WORD) {
            alias = t.get(n - 1).text();
            n -= 2;
        } else if (n >= 2 && t.get(n - 1).kind() == Token.WORD && t.get(n - 2).kind() != '.'
                && (t.get(n - 1).quoted() || !CLAUSE_WORDS.contains(t.get(n - 1).text().toLowerCase(Locale.ROOT)))) {
            alias = t.get(n - 1).text();
            n -= 1;
        }
        List<Token> e = t.subList(0, n);
        if (e.size() >= 4 && e.get(0).isWord("text") && e.get(1).kind() == '(' && e.get(e.size() - 1).kind() == ')') {
            List<Token> ref = e.subList(2, e.size() - 1);
            if (!"value".equals(refColumn(ref))) {
                return null;
            }
            // labelled as the adapter labels it (KvColumnLabels): the function and column as typed
            String label = alias != null ? alias : e.get(0).text() + "(" + ref.get(ref.size() - 1).text() + ")";
            return List.of(new Item(2, label, ref.subList(0, ref.size() - 1), alias == null, index));
        }
        String col = refColumn(e);
        if (col == null) {
            return null;
        }
        return List.of(new Item(col.equals("key") ? 0 : 1, alias != null ? alias : e.get(e.size() - 1).text(),
                e.subList(0, e.size() - 1)));
    }

    /** "key" or "value" when {@code ref} is {@code [q.][q.]column}, else null. */
    private static String refColumn(List<Token> ref) {
        if (ref.isEmpty() || ref.size() % 2 == 0 || ref.size() > 5) {
            return null;
        }
        for (int k = 1; k < ref.size(); k += 2) {
            if (ref.get(k).kind() != '.' || ref.get(k - 1).kind() != Token.WORD) {
                return null;
            }
        }
        return columnName(ref.get(ref.size() - 1));
    }

    /**
     * Whether a column qualifier (tokens before the column, ending with '.') names the table as the FROM clause
     * does: nothing; the alias; or, without an alias, {@code kv} or {@code kvstore.kv}.
     */
    private static boolean qualifies(List<Token> q, String alias, boolean schemaQualified) {
        if (q.isEmpty()) {
            return true;
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < q.size(); k += 2) {
            names.add(q.get(k).text());
        }
        if (alias != null) {
            return names.size() == 1 && names.get(0).equalsIgnoreCase(alias);
        }
        if (names.size() == 1) {
            return names.get(0).equalsIgnoreCase("kv");
        }
        return names.size() == 2 && names.get(0).equalsIgnoreCase("kvstore") && names.get(1).equalsIgnoreCase("kv");
    }

    /** After a reference to column key starting at {@code i} (qualified as {@link #qualifies} allows), or -1. */
    private static int keyRef(List<Token> t, int i, String alias, boolean schemaQualified) {
        int k = i;
        while (k + 1 < t.size() && t.get(k).kind() == Token.WORD && t.get(k + 1).kind() == '.') {
            k += 2;
        }
        if (k >= t.size() || !"key".equals(columnName(t.get(k)))) {
            return -1;
        }
        if (!qualifies(t.subList(i, k), alias, schemaQualified)) {
            return -1;
        }
        return k + 1;
    }

    private static Executor insert(List<Token> t) {
        int i = 1;
        if (i >= t.size() || !t.get(i).isWord("into")) {
            return null;
        }
        i = table(t, i + 1);
        if (i < 0 || i >= t.size()) {
            return null;
        }
        boolean keyFirst = true;
        if (t.get(i).kind() == '(') {
            if (i + 5 > t.size()) {
                return null;
            }
            String a = columnName(t.get(i + 1));
            String b = columnName(t.get(i + 3));
            if (a == null || b == null || a.equals(b) || t.get(i + 2).kind() != ',' || t.get(i + 4).kind() != ')') {
                return null;
            }
            keyFirst = a.equals("key");
            i += 5;
        }
        if (i + 6 != t.size() || !t.get(i).isWord("values") || t.get(i + 1).kind() != '('
                || t.get(i + 3).kind() != ',' || t.get(i + 5).kind() != ')') {
            return null;
        }
        Token keyToken = t.get(keyFirst ? i + 2 : i + 4);
        Token valueToken = t.get(keyFirst ? i + 4 : i + 2);
        if (valueToken.kind() != Token.PARAM
                || (keyToken.kind() != Token.PARAM && keyToken.kind() != Token.STRING)) {
            return null;
        }
        Expr keyExpr;
        Expr valueExpr;
        int[] types;
        if (keyToken.kind() == Token.STRING) {
            String literal = keyToken.text();
            keyExpr = (row, p) -> literal;
            valueExpr = (row, p) -> p[0];
            types = new int[] {Types.VARBINARY};
        } else {
            int k = keyFirst ? 0 : 1;
            keyExpr = (row, p) -> p[k];
            valueExpr = (row, p) -> p[1 - k];
            types = keyFirst ? new int[] {Types.VARCHAR, Types.VARBINARY} : new int[] {Types.VARBINARY, Types.VARCHAR};
        }
        Pipeline input = new Pipeline(new Pipeline.Values(List.<Object[]>of(new Object[] {0})),
                List.of(new Pipeline.Calc(null, new Expr[] {keyExpr, valueExpr})));
        return new WriteExecutor(WriteExecutor.Kind.INSERT, input, types, true);
    }

    /** After {@code [kvstore .] kv} starting at {@code i}: the next index, or -1. */
    private static int table(List<Token> t, int i) {
        if (i + 2 < t.size() && t.get(i).isName("kvstore") && t.get(i + 1).kind() == '.') {
            i += 2;
        }
        if (i < t.size() && t.get(i).isName("kv")) {
            return i + 1;
        }
        return -1;
    }

    /** "key" or "value" when the token names that column, else null. */
    private static String columnName(Token tok) {
        if (tok.kind() != Token.WORD) {
            return null;
        }
        String lower = tok.text().toLowerCase(Locale.ROOT);
        return lower.equals("key") || lower.equals("value") ? lower : null;
    }

    /** The tokens, or null if the text has anything this router does not handle. */
    private static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Token.WORD, sql.substring(s, i), false));
            } else if (Character.isDigit(c)) {
                int s = i;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                if (i - s > 18 || (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '.'))) {
                    return null;
                }
                out.add(new Token(Token.NUMBER, sql.substring(s, i), false));
            } else if (c == '"' || c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char d = sql.charAt(i++);
                    if (d == c) {
                        if (i < n && sql.charAt(i) == c) {
                            sb.append(c);
                            i++;
                            continue;
                        }
                        break;
                    }
                    sb.append(d);
                }
                if (c == '"' && sb.length() == 0) {
                    return null;
                }
                out.add(c == '"' ? new Token(Token.WORD, sb.toString(), true) : new Token(Token.STRING,
                        sb.toString(), false));
            } else if (c == '?' || c == '(' || c == ')' || c == ',' || c == '=' || c == '*' || c == '.'
                    || c == ';') {
                out.add(new Token(c, String.valueOf(c), false));
                i++;
            } else {
                return null;
            }
        }
        return out;
    }
}
