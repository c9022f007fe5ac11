package io.kvstore.jdbc.exec;

import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Routes point statements on table {@code kv} to the engine:
 * <pre>
 *   SELECT * | col [, col]... FROM [kvstore.]kv [WHERE key = ? | 'literal']
 *   INSERT INTO [kvstore.]kv [(key, value) | (value, key)] VALUES (? | 'literal', ?)
 *   UPDATE [kvstore.]kv SET value = ? WHERE key = ? | 'literal'
 *   DELETE FROM [kvstore.]kv WHERE key = ? | 'literal'
 * </pre>
 * where a column is {@code key} or {@code value}, unquoted (any case) or double-quoted; a trailing {@code ;} is
 * allowed. Everything else (comments, aliases, other clauses, expressions) goes to Calcite. Column labels are
 * what the query spelled, as Calcite reports them ({@code *} gives {@code key, value}).
 *
 * <p>Immutable and thread-safe.
 */
public final class PointStatementRouter implements StatementRouter {
    public static final PointStatementRouter INSTANCE = new PointStatementRouter();

    private PointStatementRouter() {
    }

    /** A token: kind, text (identifier as written without quotes, literal value), whether it was quoted. */
    record Token(char kind, String text, boolean quoted) {
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

    @Override
    public FastPath route(String sql) {
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
            return select(t);
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
            return key == null ? null : PointWrite.update(key.isEmpty() ? null : key.substring(1));
        }
        if (t.get(0).isWord("delete") && t.size() > 1 && t.get(1).isWord("from")) {
            int i = table(t, 2);
            String key = i < 0 ? null : whereKey(t, i);
            return key == null ? null : PointWrite.delete(key.isEmpty() ? null : key.substring(1));
        }
        return null;
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

    private static FastPath select(List<Token> t) {
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
        for (int c = 0; c < columns.size(); c++) {
            cols.add(KvResultSetMetaData.Column.kv(columns.get(c)[0], columns.get(c)[1]));
            indexes[c] = columns.get(c)[1].equals("key") ? 0 : 1;
        }
        KvResultSetMetaData metaData = new KvResultSetMetaData(cols);
        if (scan) {
            return new FullScan(metaData, indexes);
        }
        return new PointSelect(metaData, indexes, key.isEmpty() ? null : key.substring(1));
    }

    private static FastPath insert(List<Token> t) {
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
        return new PointInsert(keyToken.kind() == Token.STRING ? keyToken.text() : null, keyFirst);
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
    static List<Token> tokenize(String sql) {
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
