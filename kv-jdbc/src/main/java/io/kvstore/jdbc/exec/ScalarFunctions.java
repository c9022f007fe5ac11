package io.kvstore.jdbc.exec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The evaluation of the one-argument functions executors run, shared by {@link Exprs} (plans) and
 * {@link TextFrontDoor} (texts), kept apart from {@link Exprs} so that the front door loads no Calcite class.
 * Stateless.
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
}
