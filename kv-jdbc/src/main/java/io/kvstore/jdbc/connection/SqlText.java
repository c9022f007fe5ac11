package io.kvstore.jdbc.connection;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads SQL text just enough to count its {@code ?} parameters and to find the literals that an ad-hoc statement
 * can pass as hidden parameters, so that statements differing only in those literals share one plan.
 *
 * <p>A literal becomes a hidden parameter only where a parameter means the same: a character string
 * {@code 'text'}, binary string {@code X'0A'} or unsigned integer right after a comparison operator, inside the
 * parentheses of {@code IN (...)} or {@code VALUES (...), (...)}, or an integer right after {@code LIMIT},
 * {@code OFFSET}, {@code FETCH FIRST|NEXT}. Everything else (typed literals such as {@code DATE '...'}, LIKE
 * patterns, type lengths, signed or decimal numbers) stays in the text. The caller must still check that the
 * type Calcite infers for each hidden parameter fits the literal. Stateless.
 */
final class SqlText {
    private static final Set<String> BOUND_WORDS = Set.of("LIMIT", "OFFSET", "FIRST", "NEXT");
    private static final Set<String> OPERATORS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

    private SqlText() {
    }

    /** A literal taken out of the text: its value and kind. */
    record Literal(Object value, Kind kind) {
        enum Kind { TEXT, BINARY, INTEGER }
    }

    /** Text with literals replaced by {@code ?}, and the literals in order. */
    record Shape(String text, List<Literal> literals) {
    }

    /** The number of {@code ?} parameters, or -1 when the text cannot be read (an unclosed quote or comment). */
    static int countParameters(String sql) {
        int n = 0;
        int len = sql.length();
        for (int i = 0; i < len; ) {
            char c = sql.charAt(i);
            int end = skipOpaque(sql, i);
            if (end < 0) {
                return -1;
            }
            if (end > i) {
                i = end;
                continue;
            }
            if (c == '?') {
                n++;
            }
            i++;
        }
        return n;
    }

    /** What a {@code ?} parameter stands for, as far as {@link #rowCountParameters} tells. */
    enum RowCount { NONE, LIMIT, OFFSET }

    /**
     * For each {@code ?} parameter, whether it is a row count: {@link RowCount#LIMIT} right after {@code LIMIT} or
     * {@code FETCH FIRST|NEXT}, {@link RowCount#OFFSET} right after {@code OFFSET}; null when the text has none
     * (or cannot be read).
     */
    static RowCount[] rowCountParameters(String sql) {
        List<RowCount> kinds = new ArrayList<>();
        boolean any = false;
        String prev = "";
        String prevPrev = "";
        int len = sql.length();
        for (int i = 0; i < len; ) {
            int end = skipOpaque(sql, i);
            if (end < 0) {
                return null;
            }
            if (end > i) {
                prevPrev = prev;
                prev = "'";
                i = end;
                continue;
            }
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < len && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                prevPrev = prev;
                prev = sql.substring(start, i).toUpperCase(Locale.ROOT);
                continue;
            }
            if (c == '?') {
                RowCount k = prev.equals("LIMIT") || ((prev.equals("FIRST") || prev.equals("NEXT"))
                        && prevPrev.equals("FETCH")) ? RowCount.LIMIT
                        : prev.equals("OFFSET") ? RowCount.OFFSET : RowCount.NONE;
                any |= k != RowCount.NONE;
                kinds.add(k);
            }
            prevPrev = prev;
            prev = String.valueOf(c);
            i++;
        }
        return any ? kinds.toArray(new RowCount[0]) : null;
    }

    /** After a comment, quoted identifier or string starting at {@code i}; {@code i} if none starts there; -1 if unclosed. */
    private static int skipOpaque(String sql, int i) {
        int len = sql.length();
        char c = sql.charAt(i);
        if (c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') {
            int e = sql.indexOf('\n', i);
            return e < 0 ? len : e + 1;
        }
        if (c == '/' && i + 1 < len && sql.charAt(i + 1) == '*') {
            int e = sql.indexOf("*/", i + 2);
            return e < 0 ? -1 : e + 2;
        }
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (true) {
                int e = sql.indexOf(c, j);
                if (e < 0) {
                    return -1;
                }
                if (e + 1 < len && sql.charAt(e + 1) == c) {
                    j = e + 2;
                    continue;
                }
                return e + 1;
            }
        }
        return i;
    }

    /**
     * The shape of an ad-hoc statement, or null when it has no literal to take out, already has {@code ?}
     * parameters, or cannot be read.
     */
    static Shape shape(String sql) {
        int len = sql.length();
        StringBuilder out = null;
        List<Literal> literals = new ArrayList<>();
        int copied = 0;
        String prev = "";           // previous significant token (upper-cased word or symbol)
        String prevPrev = "";
        List<Boolean> groups = new ArrayList<>(); // per open paren: whether literals in it may be taken out
        boolean lastClosedWasList = false;
        int i = 0;
        while (i < len) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if ((c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') || (c == '/' && i + 1 < len
                    && sql.charAt(i + 1) == '*')) {
                int e = skipOpaque(sql, i);
                if (e < 0) {
                    return null;
                }
                i = e;
                continue;
            }
            if (c == '?') {
                return null;
            }
            boolean binary = (c == 'x' || c == 'X') && i + 1 < len && sql.charAt(i + 1) == '\'';
            if (c == '\'' || binary) {
                int start = i;
                int q = binary ? i + 1 : i;
                int e = skipOpaque(sql, q);
                if (e < 0) {
                    return null;
                }
                String body = sql.substring(q + 1, e - 1).replace("''", "'");
                boolean inList = !groups.isEmpty() && groups.get(groups.size() - 1)
                        && (prev.equals("(") || prev.equals(","));
                boolean take = OPERATORS.contains(prev) || inList;
                int after = skipSpace(sql, e);
                if (after < len && (sql.charAt(after) == '\'' || sql.charAt(after) == ':')) {
                    take = false; // 'a' 'b' continuation, or a ::cast
                }
                Object value = body;
                if (binary) {
                    if (body.length() % 2 != 0) {
                        take = false;
                    } else {
                        try {
                            value = HexFormat.of().parseHex(body);
                        } catch (IllegalArgumentException ex) {
                            take = false;
                        }
                    }
                }
                if (take) {
                    if (out == null) {
                        out = new StringBuilder(len);
                    }
                    out.append(sql, copied, start).append('?');
                    copied = e;
                    literals.add(new Literal(value, binary ? Literal.Kind.BINARY : Literal.Kind.TEXT));
                }
                prevPrev = prev;
                prev = "'";
                i = e;
                continue;
            }
            if (c == '"') {
                int e = skipOpaque(sql, i);
                if (e < 0) {
                    return null;
                }
                prevPrev = prev;
                prev = "\"";
                i = e;
                continue;
            }
            if (Character.isDigit(c)) {
                int start = i;
                while (i < len && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                boolean plain = i >= len || !(Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.'
                        || sql.charAt(i) == '_');
                boolean inList = !groups.isEmpty() && groups.get(groups.size() - 1)
                        && (prev.equals("(") || prev.equals(","));
                boolean afterBound = BOUND_WORDS.contains(prev) && !(prev.equals("FIRST") || prev.equals("NEXT"))
                        || ((prev.equals("FIRST") || prev.equals("NEXT")) && prevPrev.equals("FETCH"));
                if (plain && i - start <= 18 && (OPERATORS.contains(prev) || inList || afterBound)) {
                    if (out == null) {
                        out = new StringBuilder(len);
                    }
                    out.append(sql, copied, start).append('?');
                    copied = i;
                    literals.add(new Literal(Long.parseLong(sql.substring(start, i)), Literal.Kind.INTEGER));
                } else {
                    while (i < len && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                        i++;
                    }
                }
                prevPrev = prev;
                prev = "0";
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < len && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                prevPrev = prev;
                prev = sql.substring(start, i).toUpperCase(Locale.ROOT);
                continue;
            }
            String sym = String.valueOf(c);
            if (i + 1 < len) {
                String two = sql.substring(i, i + 2);
                if (two.equals("<>") || two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("||")) {
                    sym = two;
                }
            }
            if (c == '(') {
                boolean list = prev.equals("IN") || prev.equals("VALUES") || (prev.equals(",") && lastClosedWasList
                        && groups.isEmpty());
                groups.add(list);
            } else if (c == ')') {
                if (groups.isEmpty()) {
                    return null;
                }
                lastClosedWasList = groups.remove(groups.size() - 1);
            } else if (c != ',') {
                lastClosedWasList = false;
            }
            prevPrev = prev;
            prev = sym;
            i += sym.length();
        }
        if (out == null) {
            return null;
        }
        out.append(sql, copied, len);
        return new Shape(out.toString(), List.copyOf(literals));
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }
}
