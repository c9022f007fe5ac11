package io.kvstore.jdbc.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements a connection answers itself, without Calcite, because they drive the session rather than read or
 * write the store: transaction control ({@code BEGIN [WORK|TRANSACTION]}, {@code START TRANSACTION},
 * {@code COMMIT [WORK|TRANSACTION]}, {@code ROLLBACK [WORK|TRANSACTION]}), savepoints ({@code SAVEPOINT name},
 * {@code RELEASE [SAVEPOINT] name}, {@code ROLLBACK [WORK] TO [SAVEPOINT] name}), {@code SET SCHEMA name},
 * {@code SHOW TABLES}, {@code DESCRIBE [TABLE] name} (also {@code DESC}). Words are case-insensitive; comments and a
 * trailing {@code ;} are allowed. Also strips a row-lock clause ({@code FOR UPDATE}, {@code FOR SHARE}, with
 * {@code OF ...}, {@code NOWAIT}, {@code SKIP LOCKED}) from the end of a query: every transaction is serializable,
 * so such a lock adds nothing (see {@link #withoutRowLock}).
 *
 * <p>Stateless and thread-safe.
 */
final class SessionSql {
    /** What a session statement does. */
    enum Kind { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE_SAVEPOINT, ROLLBACK_TO_SAVEPOINT, SET_SCHEMA, SHOW_TABLES,
        DESCRIBE }

    /** A recognized statement; {@code name} is the savepoint, schema or table name, or null. */
    record Command(Kind kind, String name) {
        /** Whether it returns rows. */
        boolean isQuery() {
            return kind == Kind.SHOW_TABLES || kind == Kind.DESCRIBE;
        }
    }

    private static final Pattern ROW_LOCK = Pattern.compile(
            "(?is)^(\\s*(?:select|with)\\b.*?)\\s+for\\s+(?:update|share|no\\s+key\\s+update|key\\s+share)"
                    + "(?:\\s+of\\s+[\\w\".]+(?:\\s*,\\s*[\\w\".]+)*)?(?:\\s+nowait|\\s+skip\\s+locked)?\\s*$");

    private SessionSql() {
    }

    /** The query without a trailing row-lock clause; other text unchanged. */
    static String withoutRowLock(String sql) {
        if (!containsForWord(sql)) {
            return sql; // the common case, without a regular expression
        }
        if (endsInsideQuote(sql)) {
            return sql;
        }
        Matcher m = ROW_LOCK.matcher(sql);
        return m.matches() ? m.group(1) : sql;
    }

    /** Whether {@code for} stands somewhere as a word between white space. */
    private static boolean containsForWord(String sql) {
        for (int i = 1; i + 4 < sql.length(); i++) {
            if (Character.isWhitespace(sql.charAt(i - 1)) && sql.regionMatches(true, i, "for", 0, 3)
                    && Character.isWhitespace(sql.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last character is inside a string literal or quoted identifier (so a suffix is not SQL). */
    private static boolean endsInsideQuote(String sql) {
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote != 0 || sql.endsWith("'") || sql.endsWith("\"");
    }

    /** The session statement {@code sql} is, or null for anything else (which goes to the SQL layer). */
    static Command parse(String sql) {
        List<String> w = words(sql);
        if (w == null || w.isEmpty()) {
            return null;
        }
        String first = w.get(0).toUpperCase(Locale.ROOT);
        int n = w.size();
        switch (first) {
            case "BEGIN":
                return n == 1 || (n == 2 && isWorkOrTransaction(w.get(1))) ? new Command(Kind.BEGIN, null) : null;
            case "START":
                return n == 2 && w.get(1).equalsIgnoreCase("TRANSACTION") ? new Command(Kind.BEGIN, null) : null;
            case "COMMIT":
            case "END":
                return n == 1 || (n == 2 && isWorkOrTransaction(w.get(1))) ? new Command(Kind.COMMIT, null) : null;
            case "ROLLBACK":
            case "ABORT":
                if (n == 1 || (n == 2 && isWorkOrTransaction(w.get(1)))) {
                    return new Command(Kind.ROLLBACK, null);
                }
                int i = 1;
                if (i < n && isWorkOrTransaction(w.get(i))) {
                    i++;
                }
                if (i < n && w.get(i).equalsIgnoreCase("TO")) {
                    i++;
                    if (i < n && w.get(i).equalsIgnoreCase("SAVEPOINT")) {
                        i++;
                    }
                    return i == n - 1 ? new Command(Kind.ROLLBACK_TO_SAVEPOINT, w.get(i)) : null;
                }
                return null;
            case "SAVEPOINT":
                return n == 2 ? new Command(Kind.SAVEPOINT, w.get(1)) : null;
            case "RELEASE":
                if (n == 2) {
                    return new Command(Kind.RELEASE_SAVEPOINT, w.get(1));
                }
                return n == 3 && w.get(1).equalsIgnoreCase("SAVEPOINT")
                        ? new Command(Kind.RELEASE_SAVEPOINT, w.get(2)) : null;
            case "SET":
                return n == 3 && w.get(1).equalsIgnoreCase("SCHEMA") ? new Command(Kind.SET_SCHEMA, w.get(2)) : null;
            case "SHOW":
                return n == 2 && w.get(1).equalsIgnoreCase("TABLES") ? new Command(Kind.SHOW_TABLES, null) : null;
            case "DESCRIBE":
            case "DESC":
                if (n == 2) {
                    return new Command(Kind.DESCRIBE, w.get(1));
                }
                return n == 3 && w.get(1).equalsIgnoreCase("TABLE") ? new Command(Kind.DESCRIBE, w.get(2)) : null;
            default:
                return null;
        }
    }

    private static boolean isWorkOrTransaction(String word) {
        return word.equalsIgnoreCase("WORK") || word.equalsIgnoreCase("TRANSACTION");
    }

    /**
     * The words of a short statement: comments skipped, {@code "quoted"} and {@code 'quoted'} names unquoted, a
     * schema prefix {@code kvstore.} kept as part of the name; null when it has more than 6 words or other
     * punctuation (not a session statement).
     */
    private static List<String> words(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int len = sql.length();
        while (i < len) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') {
                int e = sql.indexOf('\n', i);
                i = e < 0 ? len : e + 1;
            } else if (c == '/' && i + 1 < len && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                if (e < 0) {
                    return null;
                }
                i = e + 2;
            } else if (c == '"' || c == '\'') {
                int e = sql.indexOf(c, i + 1);
                if (e < 0) {
                    return null;
                }
                out.add(sql.substring(i + 1, e));
                i = e + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int e = i;
                while (e < len && (Character.isLetterOrDigit(sql.charAt(e)) || sql.charAt(e) == '_'
                        || sql.charAt(e) == '.')) {
                    e++;
                }
                out.add(sql.substring(i, e));
                i = e;
            } else {
                return null;
            }
            if (out.size() > 6) {
                return null;
            }
        }
        return out;
    }
}
