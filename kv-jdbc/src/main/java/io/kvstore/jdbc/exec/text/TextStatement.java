package io.kvstore.jdbc.exec.text;

import java.util.List;

/**
 * A statement on {@code kv} as {@link TextParser} read it: names resolved (columns are {@code key} or
 * {@code value}, qualifiers checked against the FROM clause), labels as Calcite gives them, {@code ?} numbered in
 * text order. The front door ({@code io.kvstore.jdbc.exec.TextFrontDoor}) turns it into the executor the plan
 * recognizer would build for the same statement. Immutable.
 */
public sealed interface TextStatement {

    /** A key: a literal (not null), or parameter {@code param} (0-based) when {@code literal} is null. */
    record Operand(String literal, int param) {
        public boolean isParam() {
            return literal == null;
        }
    }

    /** An OFFSET or FETCH/LIMIT count: a literal, or parameter {@code param} (then {@code literal} is unused). */
    record RowCount(long literal, int param) {
        public boolean isParam() {
            return param >= 0;
        }
    }

    /** A select-list expression. */
    sealed interface Expr {
        /** The expressions it is made of, in the order written (none for columns and literals). */
        default java.util.List<Expr> children() {
            return java.util.List.of();
        }
    }

    /**
     * Column {@code key} (0) or {@code value} (1) of {@code kv}; in a {@link Join}, 0 and 1 of the outer table, 2
     * ({@code key}) and 3 ({@code value}) of the looked-up one.
     */
    record Column(int index) implements Expr {
    }

    /**
     * A one-argument function, {@code name} upper-case: {@code TEXT}, {@code BYTES}, {@code CHAR_LENGTH},
     * {@code CHARACTER_LENGTH}, {@code OCTET_LENGTH}, {@code UPPER}, {@code LOWER}.
     */
    record Call(String name, Expr arg) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(arg);
        }
    }

    /** {@code left || right} of two text expressions. */
    record Concat(Expr left, Expr right) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(left, right);
        }
    }

    /** A character string literal (only as an operand of {@link Concat}). */
    record Text(String literal) implements Expr {
    }

    /** An integer literal: INTEGER when it fits, else BIGINT (as Calcite types it). */
    record IntLit(long value) implements Expr {
        public boolean isBig() {
            return value > Integer.MAX_VALUE || value < Integer.MIN_VALUE;
        }
    }

    /** {@code TRUE} or {@code FALSE} (only in a SELECT without FROM). */
    record Bool(boolean value) implements Expr {
    }

    /** {@code left op right} on integers, {@code op} one of {@code + - * / %} ({@code %} also written MOD(a, b)). */
    record Arith(String op, Expr left, Expr right) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(left, right);
        }
    }

    /** {@code -arg} of an integer. */
    record Neg(Expr arg) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(arg);
        }
    }

    /**
     * {@code CAST(arg AS type[(precision)])}, {@code type} one of {@code INTEGER}, {@code BIGINT}, {@code VARCHAR},
     * {@code VARBINARY}; {@code precision} -1 when not given.
     */
    record Cast(Expr arg, String type, int precision) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(arg);
        }
    }

    /**
     * {@code SUBSTRING(s FROM start [FOR length])} or {@code SUBSTRING(s, start[, length])} of text; {@code length}
     * may be null.
     */
    record Substring(Expr s, Expr start, Expr length) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return length == null ? java.util.List.of(s, start) : java.util.List.of(s, start, length);
        }
    }

    /** {@code TRIM([BOTH | LEADING | TRAILING] [chars] FROM s)}, {@code chars} a literal (a space when not written). */
    record Trim(boolean leading, boolean trailing, String chars, Expr s) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(s);
        }
    }

    /** {@code POSITION(seek IN s)} of text. */
    record Position(Expr seek, Expr s) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return java.util.List.of(seek, s);
        }
    }

    /**
     * An aggregate of a grouped SELECT: {@code COUNT}, {@code SUM}, {@code MIN}, {@code MAX} of {@code arg}
     * ({@code COUNT(*)}: {@code arg} null).
     */
    record Agg(String fn, Expr arg) implements Expr {
        @Override
        public java.util.List<Expr> children() {
            return arg == null ? java.util.List.of() : java.util.List.of(arg);
        }
    }

    /** {@code count(*)}. */
    record CountAll() implements Expr {
    }

    /** A select-list item with its result label. */
    record Item(Expr expr, String label) {
    }

    /** Which rows of {@code kv}: all (null where), some keys, or an ordered key range. */
    sealed interface Where {
    }

    /** {@code key = x}, {@code key IN (x, ...)} and ORs of them, in the order written (duplicates kept). */
    record Lookup(List<Operand> keys) implements Where {
        public Lookup {
            keys = List.copyOf(keys);
        }
    }

    /** One bound of a range: the key and whether it is included. */
    record Bound(Operand key, boolean inclusive) {
    }

    /**
     * Conjunctions of {@code key > x}, {@code >=}, {@code <}, {@code <=}, {@code BETWEEN x AND y} and
     * {@code key LIKE 'prefix%'} (a literal prefix followed by one {@code %}, no other wildcard).
     *
     * @param prefix the LIKE prefix, or null
     */
    record Range(List<Bound> lows, List<Bound> highs, String prefix) implements Where {
        public Range {
            lows = List.copyOf(lows);
            highs = List.copyOf(highs);
        }
    }

    /**
     * A condition on each row read, ANDed with the WHERE clause's key condition: {@code expr IS [NOT] NULL}
     * ({@code literal} null), {@code expr LIKE 'pattern'} or {@code expr op literal} with {@code op} one of
     * {@code = <> < <= > >=}.
     *
     * @param op {@code IS NULL}, {@code IS NOT NULL}, {@code LIKE}, or the comparison symbol
     * @param literal the literal as written: a string's text, a binary literal's hex digits, an integer's digits
     * @param family the literal's kind: {@code 'T'} text, {@code 'B'} binary, {@code 'N'} integer
     */
    record Filter(Expr expr, String op, String literal, char family) {
    }

    /**
     * {@code SELECT items FROM kv [WHERE ...] [ORDER BY key [ASC|DESC]] [offset/fetch]}.
     *
     * @param filters conditions on the rows read, ANDed (empty for none)
     * @param where null for every row
     * @param orderBy null without ORDER BY, else whether descending
     * @param offset null for none
     * @param fetch null for none
     */
    record Select(List<Item> items, Where where, List<Filter> filters, Boolean orderBy, RowCount offset,
                  RowCount fetch) implements TextStatement {
        public Select {
            items = List.copyOf(items);
            filters = List.copyOf(filters);
        }
    }

    /**
     * {@code SELECT items FROM kv a [INNER | LEFT] JOIN kv b ON b.key = a.key | TEXT(a.value) WHERE ...
     * [offset/fetch]} (session 11): {@code select}'s items and filters read the joined row {@code {a.key, a.value,
     * b.key, b.value}}; its WHERE (a lookup or range) reads {@code a}; no ORDER BY.
     *
     * @param left a LEFT join (b's columns NULL for a missing key)
     * @param onValue the key looked up is {@code TEXT(a.value)}, else {@code a.key}
     */
    record Join(Select select, boolean left, boolean onValue) implements TextStatement {
    }

    /**
     * {@code SELECT items FROM kv [WHERE ...] GROUP BY group [ORDER BY n [ASC|DESC]] [LIMIT n]}: each item the
     * group expression or an {@link Agg} (session 10).
     *
     * @param orderBy the 0-based select item sorted on, or -1
     * @param fetch null for none
     */
    record Grouped(List<Item> items, Expr group, Where where, List<Filter> filters, int orderBy, boolean descending,
                   RowCount fetch) implements TextStatement {
        public Grouped {
            items = List.copyOf(items);
            filters = List.copyOf(filters);
        }
    }

    /**
     * {@code SELECT literal [, literal]...} without FROM, or {@code VALUES (literal, ...)} of one row: integers,
     * character strings, {@code TRUE}/{@code FALSE} (pools' and tools' validation queries, {@code SELECT 1}).
     */
    record Literals(List<Item> items) implements TextStatement {
        public Literals {
            items = List.copyOf(items);
        }
    }

    /**
     * A value written to {@code value}: a character literal (stored as its UTF-8 bytes), a binary literal
     * ({@code x'..'}, {@code literal} holding its hex digits), or parameter {@code param} when {@code literal} is null.
     */
    record ValueOperand(String literal, boolean hex, int param) {
        public boolean isParam() {
            return literal == null;
        }
    }

    /** One row of an INSERT: its key and value. */
    record Row(Operand key, ValueOperand value) {
    }

    /** {@code INSERT INTO kv [(key, value) | (value, key)] VALUES (..), (..)...}: the rows, in order. */
    record Insert(List<Row> rows) implements TextStatement {
        public Insert {
            rows = List.copyOf(rows);
        }
    }

    /**
     * {@code UPDATE kv SET value = v [WHERE ...]}: the rows of a key lookup, a key range or every row (null), kept
     * when every filter holds (ranges, filters and no WHERE since session 10).
     */
    record Update(ValueOperand value, Where where, List<Filter> filters) implements TextStatement {
        public Update {
            filters = List.copyOf(filters);
        }
    }

    /**
     * {@code DELETE FROM kv [WHERE ...]}: the rows of a key lookup, a key range or every row (null), kept when every
     * filter holds (session 10: ranged and unkeyed deletes).
     */
    record Delete(Where where, List<Filter> filters) implements TextStatement {
        public Delete {
            filters = List.copyOf(filters);
        }
    }
}
