package io.kvstore.jdbc.exec;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The evaluation of the scalar functions executors run, shared by {@link Exprs} (plans) and
 * {@link TextFrontDoor} (texts), kept apart from {@link Exprs} so that the front door loads no Calcite class.
 * Each means what Calcite 1.42's generated code means for the same call ({@code SqlFunctions}): integer arithmetic
 * wraps on overflow as Java's does, division and MOD by zero fail with 22012, text cast to a number is trimmed first
 * and fails with 22018, {@code SUBSTRING} and {@code TRIM} follow Calcite's index and character-set rules.
 * NULL in, NULL out. Stateless.
 */
final class ScalarFunctions {
    private ScalarFunctions() {
    }

    /**
     * {@code name(e)} for the one-argument functions of the subset ({@code CHAR_LENGTH}, {@code CHARACTER_LENGTH},
     * {@code OCTET_LENGTH}, {@code UPPER}, {@code LOWER}, {@code TEXT}, {@code BYTES}; {@code name} upper-case), its
     * argument already checked to be of the type the function takes: NULL in, NULL out.
     *
     * @throws IllegalArgumentException for another name
     */
    static Expr unary(String name, Expr e) {
        return switch (name) {
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((String) v).length();
            };
            case "OCTET_LENGTH" -> (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((byte[]) v).length;
            };
            case "UPPER" -> (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((String) v).toUpperCase(Locale.ROOT);
            };
            case "LOWER" -> (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((String) v).toLowerCase(Locale.ROOT);
            };
            case "TEXT" -> (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : new String((byte[]) v, StandardCharsets.UTF_8);
            };
            case "BYTES" -> (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((String) v).getBytes(StandardCharsets.UTF_8);
            };
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The arithmetic operators: {@code + - * / %} ({@code %} is MOD). */
    static boolean isArithmetic(String op) {
        return op.equals("+") || op.equals("-") || op.equals("*") || op.equals("/") || op.equals("%");
    }

    /**
     * {@code x op y} on integers, in {@code int} when {@code wide} is false (both operands INTEGER, as Calcite
     * types the result) else in {@code long}: Java's wrapping arithmetic and truncating division, as Calcite's
     * generated code; division or MOD by zero fails with 22012.
     */
    static Expr arithmetic(String op, Expr x, Expr y, boolean wide) {
        return (row, params) -> {
            Object a = x.eval(row, params);
            if (a == null) {
                return null;
            }
            Object b = y.eval(row, params);
            if (b == null) {
                return null;
            }
            // in long, then narrowed: the low 32 bits of a long result are the int operation's wrapped result
            long m = ((Number) a).longValue();
            long n = ((Number) b).longValue();
            long r = switch (op) {
                case "+" -> m + n;
                case "-" -> m - n;
                case "*" -> m * n;
                case "/" -> n == 0 ? divisionByZero() : m / n;
                default -> n == 0 ? divisionByZero() : m % n;
            };
            return wide ? (Object) r : (Object) (int) r;
        };
    }

    private static long divisionByZero() throws SQLException {
        // Java's message, as Calcite's runtime reports it
        throw KvErrors.create(SqlState.DIVISION_BY_ZERO, "/ by zero");
    }

    /** {@code -x} of an integer ({@code long} when {@code wide}). */
    static Expr negate(Expr x, boolean wide) {
        return (row, params) -> {
            Object a = x.eval(row, params);
            if (a == null) {
                return null;
            }
            return wide ? (Object) (-((Number) a).longValue()) : (Object) (-((Number) a).intValue());
        };
    }

    /**
     * {@code CAST(text AS INTEGER)} ({@code wide} false) or {@code AS BIGINT}: Calcite's {@code toInt} and
     * {@code toLong}.
     */
    static Expr textToInteger(Expr x, boolean wide) {
        return (row, params) -> {
            Object a = x.eval(row, params);
            if (a == null) {
                return null;
            }
            String s = (String) a;
            try {
                if (!wide) {
                    return Integer.parseInt(s.trim());
                }
                if (s.startsWith("199") && s.contains(":")) {
                    return java.sql.Timestamp.valueOf(s).getTime(); // Calcite's toLong(String) does this too
                }
                return Long.parseLong(s.trim());
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
        };
    }

    /** {@code CAST(integer AS VARCHAR)}: its decimal digits. */
    static Expr integerToText(Expr x) {
        return (row, params) -> {
            Object a = x.eval(row, params);
            return a == null ? null : a.toString();
        };
    }

    /** {@code CAST(binary AS VARCHAR[(n)])}: lower-case hex digits, cut to {@code n} ({@code n < 0}: no cut). */
    static Expr binaryToText(Expr x, int n) {
        return (row, params) -> {
            Object a = x.eval(row, params);
            if (a == null) {
                return null;
            }
            String hex = HexFormat.of().formatHex((byte[]) a);
            return n >= 0 && hex.length() > n ? hex.substring(0, n) : hex;
        };
    }

    /**
     * {@code SUBSTRING(s FROM start [FOR length])} of text ({@code length} null for none), 1-based: a start before 1
     * counts the positions before the text in the length; a negative length fails (22011, with Calcite's message).
     */
    static Expr substring(Expr s, Expr start, Expr length) {
        return (row, params) -> {
            Object v = s.eval(row, params);
            Object st = start.eval(row, params);
            Object len = length == null ? Integer.valueOf(0) : length.eval(row, params);
            if (v == null || st == null || len == null) {
                return null;
            }
            String c = (String) v;
            int from = ((Number) st).intValue();
            if (length == null) {
                if (from <= 1) {
                    return c;
                }
                return from > c.length() ? "" : c.substring(from - 1);
            }
            int l = ((Number) len).intValue();
            if (l < 0) {
                throw KvErrors.create(SqlState.SUBSTRING_ERROR,
                        "Substring error: negative substring length not allowed");
            }
            long end = (long) from + l;
            if (from > c.length() || end < 1) {
                return "";
            }
            int s1 = Math.max(from - 1, 0);
            long e1 = Math.min(end - 1, c.length());
            return c.substring(s1, (int) e1);
        };
    }

    /**
     * {@code TRIM([BOTH | LEADING | TRAILING] chars FROM s)}: removes from the chosen ends every character that
     * occurs in {@code chars} (Calcite's non-strict trim).
     */
    static Expr trim(boolean leading, boolean trailing, Expr chars, Expr s) {
        return (row, params) -> {
            Object seekValue = chars.eval(row, params);
            Object v = s.eval(row, params);
            if (seekValue == null || v == null) {
                return null;
            }
            String seek = (String) seekValue;
            String c = (String) v;
            int j = c.length();
            if (trailing) {
                while (j > 0 && seek.indexOf(c.charAt(j - 1)) >= 0) {
                    j--;
                }
            }
            int i = 0;
            if (leading) {
                while (i < j && seek.indexOf(c.charAt(i)) >= 0) {
                    i++;
                }
            }
            return c.substring(i, j);
        };
    }

    /** {@code POSITION(seek IN s)}: the 1-based index of the first occurrence, 0 for none. */
    static Expr position(Expr seek, Expr s) {
        return (row, params) -> {
            Object a = seek.eval(row, params);
            Object b = s.eval(row, params);
            return a == null || b == null ? null : ((String) b).indexOf((String) a) + 1;
        };
    }
}
