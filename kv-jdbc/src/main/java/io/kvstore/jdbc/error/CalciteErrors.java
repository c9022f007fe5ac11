package io.kvstore.jdbc.error;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Calcite's parser, validator and planner failures for {@link KvErrors}: which ones user input caused, and a
 * message of one line that names the problem (the word where parsing stopped, the unknown column and its table,
 * the compared types) instead of Calcite's expectation lists and plan dumps.
 *
 * <p>The statement's text is taken from Avatica's wrappers ({@code Error while preparing statement [...]},
 * {@code Error while executing SQL "..."}) when one is in the cause chain. Stateless and thread-safe.
 */
final class CalciteErrors {
    /** Words that start statements kvstore does not run (table DDL, access control). */
    private static final Set<String> UNSUPPORTED_STATEMENTS = Set.of("CREATE", "DROP", "ALTER", "TRUNCATE", "RENAME",
            "GRANT", "REVOKE", "COMMENT", "ANALYZE", "VACUUM", "USE", "CALL", "LOCK");
    /** What to say about the fixed schema when DDL is refused. */
    static final String FIXED_TABLES = "kvstore has the fixed tables kv(key, value), kv_stats,"
            + " kv_snapshot and the view kv_text (see docs/sql.md)";

    private static final Pattern PREPARING = Pattern.compile("(?s)Error while preparing statement \\[(.*)]");
    private static final Pattern EXECUTING = Pattern.compile("(?s)Error while executing SQL \"(.*)\":");
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final Pattern FROM_TO = Pattern.compile(
            "^From line (\\d+), column (\\d+) to line (\\d+), column (\\d+): (?s)(.*)$");
    private static final Pattern AT = Pattern.compile("^At line (\\d+), column (\\d+): (?s)(.*)$");
    private static final Pattern MODIFY_TABLE = Pattern.compile("TableModify\\(table=\\[\\[[^,\\]]+, ([^\\]]+)]]");
    private static final Pattern TABLE_AFTER = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|using)\\s+(?:\"?kvstore\"?\\.)?\"?([a-z_][a-z0-9_]*)\"?");

    private static final Pattern UNRESOLVED_METHOD = Pattern.compile("while resolving method '(\\w+)\\[([^\\]]*)]'");

    private CalciteErrors() {
    }

    /** The SQL text Avatica names in a wrapper anywhere in the chain, or null. */
    static String sqlOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            Matcher p = PREPARING.matcher(m);
            if (p.find()) {
                return p.group(1);
            }
            Matcher e = EXECUTING.matcher(m);
            if (e.find()) {
                return e.group(1);
            }
        }
        return null;
    }

    /** The first word of the statement, upper case, or "". */
    static String firstWord(String sql) {
        if (sql == null) {
            return "";
        }
        Matcher m = Pattern.compile("^\\s*([A-Za-z]+)").matcher(sql);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "";
    }

    /** Whether a statement starting with {@code word} is one kvstore does not support (DDL and the like). */
    static boolean isUnsupportedStatement(String word) {
        return UNSUPPORTED_STATEMENTS.contains(word);
    }

    /** "CREATE TABLE is not supported: ...", for a statement the store does not run. */
    static String unsupportedStatementMessage(String sql) {
        Matcher m = Pattern.compile("^\\s*([A-Za-z]+)(\\s+[A-Za-z]+)?").matcher(sql == null ? "" : sql);
        String what = m.find() ? (m.group(1) + (m.group(2) == null ? "" : m.group(2))).toUpperCase(Locale.ROOT)
                : "this statement";
        return what + " is not supported: " + FIXED_TABLES;
    }

    /**
     * One line for a parse error: {@code syntax error at 'SELEC' (line 1, column 1)}, without Calcite's list of
     * expected tokens.
     */
    static String parseMessage(Throwable parseError, String sql) {
        String m = String.valueOf(parseError.getMessage());
        Matcher pos = POSITION.matcher(m);
        int line = -1;
        int column = -1;
        if (pos.find()) {
            line = Integer.parseInt(pos.group(1));
            column = Integer.parseInt(pos.group(2));
        } else {
            int[] p = positionOf(parseError);
            line = p[0];
            column = p[1];
        }
        String word = line > 0 ? wordAt(sql, line, column) : null;
        if (word == null) {
            Matcher enc = Pattern.compile("Encountered \"([^\"]*)\"").matcher(m);
            word = enc.find() ? enc.group(1) : null;
        }
        StringBuilder b = new StringBuilder("syntax error");
        if (word != null && !word.isEmpty()) {
            b.append(" at '").append(word).append('\'');
        } else if (m.contains("<EOF>") || m.contains("end of")) {
            b.append(" at the end of the statement");
        }
        if (line > 0) {
            b.append(" (line ").append(line).append(", column ").append(column).append(')');
        }
        String hint = hintFor(word);
        if (hint != null) {
            b.append(": ").append(hint);
        }
        return b.toString();
    }

    private static String hintFor(String word) {
        if (word == null) {
            return null;
        }
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "REPLACE" -> "use UPSERT INTO kv VALUES (...) or INSERT ... ON CONFLICT (key) DO UPDATE";
            case "FOR" -> "FOR UPDATE is not needed: transactions are serializable (see docs/sql.md)";
            case "LIMIT", "OFFSET", "FETCH" -> "LIMIT, OFFSET and FETCH take an unsigned integer or a ? parameter";
            default -> null;
        };
    }

    /** Line and column of a SqlParseException (via its public getPos()), or {-1, -1}. */
    private static int[] positionOf(Throwable parseError) {
        try {
            Object pos = parseError.getClass().getMethod("getPos").invoke(parseError);
            if (pos != null) {
                int line = (int) pos.getClass().getMethod("getLineNum").invoke(pos);
                int col = (int) pos.getClass().getMethod("getColumnNum").invoke(pos);
                return new int[] {line, col};
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no position
        }
        return new int[] {-1, -1};
    }

    /** The word (or symbol) of {@code sql} at a 1-based line and column, or null. */
    static String wordAt(String sql, int line, int column) {
        if (sql == null || line < 1 || column < 1) {
            return null;
        }
        String[] lines = sql.split("\n", -1);
        if (line > lines.length) {
            return null;
        }
        String l = lines[line - 1];
        int i = column - 1;
        if (i >= l.length()) {
            return null;
        }
        int end = i;
        if (Character.isLetterOrDigit(l.charAt(i)) || l.charAt(i) == '_') {
            while (end < l.length() && (Character.isLetterOrDigit(l.charAt(end)) || l.charAt(end) == '_')) {
                end++;
            }
        } else {
            end = i + 1;
        }
        return l.substring(i, end);
    }

    /**
     * One line for a validation error: Calcite's message without its "From line .. to line ..:" prefix (the
     * position is appended instead) and without "Supported form(s)" lists; an unknown column names the table when
     * the statement uses one table.
     */
    static String validationMessage(String message, String sql) {
        String m = message;
        String where = "";
        String fragment = null;
        Matcher at = AT.matcher(m);
        if (at.find()) {
            m = at.group(3);
            where = " (line " + at.group(1) + ", column " + at.group(2) + ")";
        }
        Matcher ft = FROM_TO.matcher(m);
        if (ft.find()) {
            int l1 = Integer.parseInt(ft.group(1));
            int c1 = Integer.parseInt(ft.group(2));
            int l2 = Integer.parseInt(ft.group(3));
            int c2 = Integer.parseInt(ft.group(4));
            m = ft.group(5);
            where = " (line " + l1 + ", column " + c1 + ")";
            fragment = fragment(sql, l1, c1, l2, c2);
        }
        int forms = m.indexOf(". Supported form(s)");
        if (forms >= 0) {
            m = m.substring(0, forms);
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        Matcher col = Pattern.compile("^Column '([^']*)' not found in any table$").matcher(m);
        if (col.find()) {
            Set<String> tables = tablesOf(sql);
            if (tables.size() == 1) {
                m = "Column '" + col.group(1) + "' not found in table '" + tables.iterator().next() + "'";
            }
        }
        Matcher apply = Pattern.compile("^Cannot apply '([^']*)' to arguments of type '(.*)'$").matcher(m);
        if (apply.find() && fragment != null) {
            String types = apply.group(2).replace("<", "").replace(">", "");
            m = "Cannot apply '" + apply.group(1) + "' in " + fragment + ": the types are " + types;
            if (types.matches(".*(VARCHAR|CHAR).*") && types.matches(".*(INTEGER|BIGINT|SMALLINT|TINYINT|DECIMAL"
                    + "|DOUBLE|FLOAT|REAL).*")) {
                m += " (text is not converted to a number implicitly: compare with text such as key = '1', or"
                        + " CAST explicitly)";
            }
        }
        Matcher assign = Pattern.compile("^Cannot assign to target field '(key|value)' of type").matcher(m);
        if (assign.find()) {
            m += assign.group(1).equals("key") ? " (write the key as text, such as '1')"
                    : " (write text such as '2', which is stored as its UTF-8 bytes, BYTES('2') or X'02')";
        }
        return m + where;
    }

    /** Lower-case names after FROM, JOIN, INTO, UPDATE, USING. */
    private static Set<String> tablesOf(String sql) {
        Set<String> names = new LinkedHashSet<>();
        if (sql != null) {
            Matcher m = TABLE_AFTER.matcher(sql);
            while (m.find()) {
                names.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The text between two 1-based positions (inclusive), or null. */
    private static String fragment(String sql, int l1, int c1, int l2, int c2) {
        if (sql == null || l1 != l2) {
            return null;
        }
        String[] lines = sql.split("\n", -1);
        if (l1 > lines.length) {
            return null;
        }
        String l = lines[l1 - 1];
        if (c1 < 1 || c2 > l.length() || c1 > c2) {
            return null;
        }
        return "'" + l.substring(c1 - 1, c2) + "'";
    }

    /** The table a planner dump shows being modified (for a write to a read-only table), or null. */
    static String modifiedTable(String plannerMessage) {
        Matcher m = MODIFY_TABLE.matcher(plannerMessage);
        return m.find() ? m.group(1).trim() : null;
    }

    /**
     * The method Calcite's code generation looked for and did not find ({@code substring(String, BigDecimal)}), from
     * the suppressed "while resolving method" exception of an "Unable to implement" failure, or null.
     */
    static String unresolvedMethod(Throwable unableToImplement) {
        for (Throwable s : unableToImplement.getSuppressed()) {
            Matcher m = UNRESOLVED_METHOD.matcher(String.valueOf(s.getMessage()));
            if (m.find()) {
                return m.group(1) + "(" + m.group(2).replaceAll("class (?:[\\w$]+\\.)*", "") + ")";
            }
        }
        return null;
    }

    /** Whether {@code t} was thrown from a method of {@code className} whose name contains {@code method}. */
    static boolean thrownFrom(Throwable t, String className, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().endsWith(className) && e.getMethodName().contains(method)) {
                return true;
            }
        }
        return false;
    }
}
