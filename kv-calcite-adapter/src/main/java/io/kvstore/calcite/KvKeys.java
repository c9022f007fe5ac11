package io.kvstore.calcite;

import io.kvstore.engine.KvCursor;
import java.nio.charset.StandardCharsets;

/**
 * The one mapping between a key's bytes in the engine and the {@code VARCHAR} key SQL sees. Every layer that turns
 * a key into SQL text or SQL text into a key (the adapter, the driver's executors, the shell) goes through here.
 *
 * <p><b>The mapping</b> (docs/sql.md, "Keys that are not UTF-8") is UTF-8 with <i>surrogate escapes</i>, as
 * Python's {@code surrogateescape}: a key's bytes are decoded as UTF-8 (RFC 3629: no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF), and each byte that is not part of a well-formed sequence becomes the lone
 * surrogate {@code U+DC80..U+DCFF} ({@code 0xDC00 + byte}; only bytes 0x80..0xFF can be malformed). Encoding
 * reverses it. So a key that is valid UTF-8 reads as its text, exactly as before, and every other key reads as a
 * distinct string that, passed back as a literal or parameter, names exactly that key: {@code fromSql(toSql(k))}
 * equals {@code k} for every byte string {@code k}, and {@code toSql} never maps two keys to one string.
 *
 * <p>Strings that no key reads as are refused by {@link #fromSql} with {@link KvKeyException}: one with a lone
 * surrogate outside {@code U+DC80..U+DCFF}, or with escapes that spell well-formed UTF-8 (such as
 * {@code "\uDCC3\uDCA9"}, whose bytes are the key that reads as {@code "é"}). Accepting them would let two strings
 * name one key.
 *
 * <p>Stateless and thread-safe.
 */
public final class KvKeys {
    private static final char ESCAPE_BASE = 0xDC00;
    private static final char ESCAPE_FIRST = 0xDC80;
    private static final char ESCAPE_LAST = 0xDCFF;

    private KvKeys() {
    }

    /** The SQL text for a stored key. */
    public static String toSql(byte[] key) {
        int n = key.length;
        int i = 0;
        while (i < n && key[i] >= 0) {
            i++;
        }
        if (i == n) {
            return new String(key, StandardCharsets.ISO_8859_1); // ASCII: one copy, no decoder
        }
        int bad = firstMalformed(key, i);
        if (bad < 0) {
            return new String(key, StandardCharsets.UTF_8);
        }
        return decodeEscaping(key, bad);
    }

    /**
     * The SQL text for the key of a cursor's current entry. Takes the cursor's own decode (which copies an ASCII key
     * without a decoder, the full scan's common case) and falls back to {@link #toSql(byte[])} only if that decode
     * replaced something (or the key holds a real U+FFFD).
     */
    public static String toSql(KvCursor cursor) {
        String s = cursor.key(StandardCharsets.UTF_8);
        // A Latin-1 string (every ASCII key) answers indexOf of a char above 0xFF at once, without scanning.
        return s.indexOf('\uFFFD') < 0 ? s : toSql(cursor.key());
    }

    /**
     * The stored key bytes for SQL text: the inverse of {@link #toSql(byte[])}.
     *
     * @throws KvKeyException no key reads as {@code text} (see the class comment)
     */
    public static byte[] fromSql(String text) {
        int n = text.length();
        boolean escapes = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (c >= ESCAPE_FIRST && c <= ESCAPE_LAST) {
                    escapes = true;
                } else {
                    throw new KvKeyException("key text has a lone surrogate U+" + Integer.toHexString(c).toUpperCase()
                            + " at index " + i + ": no key reads as it (escaped key bytes are U+DC80..U+DCFF)");
                }
            }
        }
        if (!escapes) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] key = encodeEscaping(text);
        if (!toSql(key).equals(text)) {
            throw new KvKeyException("key text escapes bytes that form valid UTF-8 (the key " + toSql(key)
                    + " reads as unescaped text): no key reads as it");
        }
        return key;
    }

    /** Index of the first byte at or after {@code from} that does not start a well-formed sequence, or -1. */
    private static int firstMalformed(byte[] b, int from) {
        int i = from;
        while (i < b.length) {
            int len = sequenceLength(b, i);
            if (len == 0) {
                return i;
            }
            i += len;
        }
        return -1;
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (RFC 3629, Table 3-7 of Unicode), or 0. */
    private static int sequenceLength(byte[] b, int i) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int n = b.length - i;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            return n >= 2 && cont(b[i + 1]) ? 2 : 0;
        }
        if (b0 >= 0xE0 && b0 <= 0xEF) {
            if (n < 3) {
                return 0;
            }
            int b1 = b[i + 1] & 0xFF;
            boolean ok = switch (b0) {
                case 0xE0 -> b1 >= 0xA0 && b1 <= 0xBF; // no overlong forms
                case 0xED -> b1 >= 0x80 && b1 <= 0x9F; // no surrogates
                default -> cont(b[i + 1]);
            };
            return ok && cont(b[i + 2]) ? 3 : 0;
        }
        if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (n < 4) {
                return 0;
            }
            int b1 = b[i + 1] & 0xFF;
            boolean ok = switch (b0) {
                case 0xF0 -> b1 >= 0x90 && b1 <= 0xBF; // no overlong forms
                case 0xF4 -> b1 >= 0x80 && b1 <= 0x8F; // nothing above U+10FFFF
                default -> cont(b[i + 1]);
            };
            return ok && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : 0;
        }
        return 0; // 0x80..0xC1 (continuation bytes, overlong 2-byte leads), 0xF5..0xFF
    }

    private static boolean cont(byte x) {
        return (x & 0xC0) == 0x80;
    }

    /** Decodes {@code b}, whose first malformed byte is at {@code bad}, escaping every malformed byte. */
    private static String decodeEscaping(byte[] b, int bad) {
        StringBuilder sb = new StringBuilder(b.length);
        sb.append(new String(b, 0, bad, StandardCharsets.UTF_8));
        int i = bad;
        while (i < b.length) {
            int len = sequenceLength(b, i);
            if (len == 0) {
                sb.append((char) (ESCAPE_BASE + (b[i] & 0xFF)));
                i++;
            } else if (len == 1) {
                sb.append((char) b[i]);
                i++;
            } else {
                sb.append(new String(b, i, len, StandardCharsets.UTF_8));
                i += len;
            }
        }
        return sb.toString();
    }

    /** UTF-8 of {@code text} with every escape char U+DC80..U+DCFF written as its byte (text already checked). */
    private static byte[] encodeEscaping(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 8);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                i++; // a pair (checked by fromSql): its low half is not an escape
            } else if (c >= ESCAPE_FIRST && c <= ESCAPE_LAST) {
                out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c - ESCAPE_BASE);
                start = i + 1;
            }
        }
        out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
