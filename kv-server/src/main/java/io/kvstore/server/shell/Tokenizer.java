package io.kvstore.server.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell line into byte-string arguments.
 *
 * <p><b>Contract.</b> Arguments are separated by runs of whitespace. A bare word is its UTF-8 bytes. A
 * double-quoted argument may contain whitespace and the escapes {@code \"}, {@code \\}, {@code \n},
 * {@code \r}, {@code \t} and {@code \xHH} (one raw byte, so any binary value can be typed); a single-quoted
 * argument is taken literally. Quotes only delimit a whole argument: {@code a"b"} is an error. Stateless and
 * thread-safe.
 */
final class Tokenizer {
    private Tokenizer() {
    }

    /**
     * The arguments of {@code line}; empty for a blank line.
     *
     * @throws IllegalArgumentException an unterminated quote, an unknown or short escape, or a quote glued to
     *         other characters; the message says which
     */
    static List<byte[]> split(String line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            char c = line.charAt(i);
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            if (c == '"') {
                i = doubleQuoted(line, i + 1, arg);
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' quote at column " + (i + 1));
                }
                arg.writeBytes(line.substring(i + 1, end).getBytes(StandardCharsets.UTF_8));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    char d = line.charAt(i);
                    if (d == '"' || d == '\'') {
                        throw new IllegalArgumentException("quote inside a word at column " + (i + 1)
                                + ": quote the whole argument");
                    }
                    i++;
                }
                arg.writeBytes(line.substring(start, i).getBytes(StandardCharsets.UTF_8));
            }
            if (i < n && !Character.isWhitespace(line.charAt(i))) {
                throw new IllegalArgumentException("missing space after the quoted argument at column " + (i + 1));
            }
            out.add(arg.toByteArray());
        }
    }

    /** Reads a double-quoted argument starting after its opening quote; returns the index after the closing quote. */
    private static int doubleQuoted(String line, int i, ByteArrayOutputStream arg) {
        int n = line.length();
        StringBuilder text = new StringBuilder();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                flush(text, arg);
                return i + 1;
            }
            if (c != '\\') {
                text.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                break;
            }
            char e = line.charAt(i + 1);
            switch (e) {
                case '"', '\\' -> text.append(e);
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'x' -> {
                    if (i + 3 >= n || Character.digit(line.charAt(i + 2), 16) < 0
                            || Character.digit(line.charAt(i + 3), 16) < 0) {
                        throw new IllegalArgumentException("\\x needs two hex digits at column " + (i + 1));
                    }
                    flush(text, arg);
                    arg.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " at column " + (i + 1));
            }
            i += 2;
        }
        throw new IllegalArgumentException("unterminated \" quote");
    }

    private static void flush(StringBuilder text, ByteArrayOutputStream arg) {
        arg.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
    }
}
