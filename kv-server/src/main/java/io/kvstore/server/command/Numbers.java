package io.kvstore.server.command;

import java.nio.charset.StandardCharsets;

/** Number parsing with Redis' rules (string2ll, string2ld). Stateless. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * A 64-bit integer in Redis' strict form: optional '-', digits, no leading zeros (except "0"), no '+', no
     * spaces, at most 20 characters; null otherwise (including overflow).
     */
    public static Long parseLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            // accumulate negatively so that Long.MIN_VALUE parses
            if (v < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            v = -v;
        }
        return v;
    }

    /** A finite double in decimal or exponent form (no hex, no 'd'/'f' suffix, no spaces); null otherwise. */
    public static Double parseDouble(byte[] s) {
        if (s.length == 0 || s.length > 5000) {
            return null;
        }
        String t = new String(s, StandardCharsets.US_ASCII);
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            if (lower.matches("[+-]?(inf|infinity)")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return null;
        }
        return Double.parseDouble(t);
    }
}
