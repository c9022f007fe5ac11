package io.kvstore.jdbc.exec.text;

/**
 * One token of a statement read by {@link Lexer}.
 *
 * @param kind what it is
 * @param text a word as written (without quotes), a string literal's value, a number's digits, a symbol
 * @param quoted whether a word was double-quoted (then it is never a keyword)
 * @param param for a {@code ?}: its 0-based position among the statement's parameters, else -1
 */
record Token(Kind kind, String text, boolean quoted, int param) {

    enum Kind {
        /** A name or keyword, unquoted (any case) or double-quoted. */
        WORD,
        /** A character string literal {@code '...'}. */
        STRING,
        /** A binary string literal {@code x'..'}: {@code text} holds its hex digits. */
        BINARY,
        /** An unsigned integer literal of at most 18 digits. */
        NUMBER,
        /** A {@code ?} parameter marker. */
        PARAM,
        /** One of {@code ( ) , . * ; = <> < > <= >= ||}. */
        SYMBOL
    }

    /** Whether this is the unquoted keyword {@code word} (any case). */
    boolean isKeyword(String word) {
        return kind == Kind.WORD && !quoted && text.equalsIgnoreCase(word);
    }

    /** Whether this is a name (quoted or not) that resolves, case-insensitively, to {@code name}. */
    boolean isName(String name) {
        return kind == Kind.WORD && text.equalsIgnoreCase(name);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
