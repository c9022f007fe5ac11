package io.kvstore.server.shell;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Renders byte strings for the shell, the inverse of {@link Tokenizer}'s double-quoted form.
 *
 * <p><b>Contract.</b> {@link #quoted(byte[])} returns a double-quoted string that, typed back into the shell,
 * yields the same bytes: valid UTF-8 is shown as text with {@code "}, {@code \}, newline, carriage return and
 * tab escaped and other control characters as {@code \xHH}; anything else is shown byte by byte, printable
 * ASCII as is and every other byte as {@code \xHH}. Stateless and thread-safe.
 */
final class Display {
    private Display() {
    }

    static String quoted(byte[] bytes) {
        return quoted(bytes, 0, bytes.length);
    }

    /** {@link #quoted(byte[])} of {@code length} bytes of {@code bytes} from {@code offset}, read in place. */
    static String quoted(byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder(length + 2).append('"');
        String text = utf8OrNull(bytes, offset, length);
        if (text != null) {
            for (int i = 0; i < text.length(); i++) {
                appendChar(sb, text.charAt(i));
            }
        } else {
            for (int i = offset; i < offset + length; i++) {
                int v = bytes[i] & 0xff;
                if (v >= 0x20 && v < 0x7f) {
                    appendChar(sb, (char) v);
                } else {
                    hex(sb, v);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void appendChar(StringBuilder sb, char c) {
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    hex(sb, c);
                } else {
                    sb.append(c);
                }
            }
        }
    }

    private static void hex(StringBuilder sb, int v) {
        sb.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xf, 16));
    }

    /** The text if {@code bytes} is well-formed UTF-8, otherwise null. */
    static String utf8OrNull(byte[] bytes) {
        return utf8OrNull(bytes, 0, bytes.length);
    }

    private static String utf8OrNull(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
