package io.kvstore.jdbc.exec.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into {@link Token}s: words (unquoted, or double-quoted with {@code ""} for a quote), string
 * literals ({@code '...'} with {@code ''}, well-formed UTF-16), binary literals ({@code x'0aFF'}, an even number of hex
 * digits), unsigned integers, {@code ?} and a few symbols (among them the arithmetic operators {@code + - * / %});
 * whitespace between them.
 * Anything else (comments, other literals such as decimals, other operators, Unicode escapes)
 * makes the whole text unreadable here: {@link #tokenize} returns null and the statement goes to Calcite. Stateless.
 */
final class Lexer {
    private Lexer() {
    }

    /** The tokens of {@code sql}, or null if it holds anything this lexer does not read. */
    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int params = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int close = sql.indexOf('\'', i + 2);
                if (close < 0) {
                    return null;
                }
                String hex = sql.substring(i + 2, close);
                if (hex.length() % 2 != 0 || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                    return null; // Calcite reports it
                }
                out.add(new Token(Token.Kind.BINARY, hex, false, -1));
                i = close + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, sql.substring(s, i), false, -1));
            } else if (c >= '0' && c <= '9') {
                int s = i;
                while (i < n && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
                    i++;
                }
                if (i - s > 18 || (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.'))) {
                    return null;
                }
                out.add(new Token(Token.Kind.NUMBER, sql.substring(s, i), false, -1));
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
                if ((c == '"' && sb.length() == 0) || !wellFormed(sb)) {
                    return null;
                }
                out.add(c == '"' ? new Token(Token.Kind.WORD, sb.toString(), true, -1)
                        : new Token(Token.Kind.STRING, sb.toString(), false, -1));
            } else if (c == '?') {
                out.add(new Token(Token.Kind.PARAM, "?", false, params++));
                i++;
            } else if (c == '<' || c == '>') {
                boolean eq = i + 1 < n && sql.charAt(i + 1) == '=';
                if (c == '<' && i + 1 < n && sql.charAt(i + 1) == '>') {
                    out.add(new Token(Token.Kind.SYMBOL, "<>", false, -1));
                    i += 2;
                    continue;
                }
                if (i + 1 < n && (sql.charAt(i + 1) == '>' || sql.charAt(i + 1) == '<')) {
                    return null; // >< >> <<
                }
                out.add(new Token(Token.Kind.SYMBOL, eq ? c + "=" : String.valueOf(c), false, -1));
                i += eq ? 2 : 1;
            } else if (c == '|' && i + 1 < n && sql.charAt(i + 1) == '|') {
                out.add(new Token(Token.Kind.SYMBOL, "||", false, -1));
                i += 2;
            } else if ((c == '-' || c == '/') && i + 1 < n && sql.charAt(i + 1) == (c == '-' ? '-' : '*')) {
                return null; // a comment
            } else if (c == '(' || c == ')' || c == ',' || c == '=' || c == '*' || c == '.' || c == ';'
                    || c == '+' || c == '-' || c == '/' || c == '%') {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), false, -1));
                i++;
            } else {
                return null;
            }
        }
        return out;
    }

    /** Whether {@code s} is well-formed UTF-16 (no unpaired surrogate): other text is left to Calcite. */
    private static boolean wellFormed(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
