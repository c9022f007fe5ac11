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

    private static Executor select(List<Token> t, PlanRecognizer.ColumnSizes sizes) {
        int i = 1;
        List<String[]> columns = new ArrayList<>(); // {label, name}
        if (i < t.size() && t.get(i).kind() == '*') {
            columns.add(new String[] {"key", "key"});
            columns.add(new String[] {"value", "value"});
            i++;
        } else {
            while (true) {
                if (i >= t.size()) {
                    return null;
                }
                String name = columnName(t.get(i));
                if (name == null) {
                    return null;
                }
                columns.add(new String[] {t.get(i).text(), name});
                i++;
                if (i < t.size() && t.get(i).kind() == ',') {
                    i++;
                    continue;
                }
                break;
            }
        }
        if (i >= t.size() || !t.get(i).isWord("from")) {
            return null;
        }
        i = table(t, i + 1);
        if (i < 0) {
            return null;
        }
        boolean scan = i == t.size();
        String key = scan ? null : whereKey(t, i);
        if (!scan && key == null) {
            return null;
        }
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        int[] indexes = new int[columns.size()];
        Expr[] projects = new Expr[columns.size()];
        boolean identity = columns.size() == 2;
        for (int c = 0; c < columns.size(); c++) {
            boolean isKey = columns.get(c)[1].equals("key");
            cols.add(KvResultSetMetaData.Column.kv(columns.get(c)[0], columns.get(c)[1],
                    isKey ? sizes.maxKeyBytes() : sizes.maxValueBytes()));
            int index = isKey ? 0 : 1;
            indexes[c] = index;
            projects[c] = (row, p) -> row[index];
            identity &= index == c;
        }
        KvResultSetMetaData metaData = new KvResultSetMetaData(cols);
        List<Pipeline.Step> steps = identity ? List.of() : List.of(new Pipeline.Calc(null, projects));
        if (scan) {
            return new QueryExecutor(new Pipeline(new Pipeline.Scan(CursorSource.FULL), steps), null, metaData,
                    new int[0], indexes, null);
        }
        Pipeline.Key k = key(key, 0);
        return new QueryExecutor(new Pipeline(new Pipeline.Lookup(List.of(k)), steps), null, metaData,
                k.param() < 0 ? new int[0] : new int[] {Types.VARCHAR}, null, null);
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
