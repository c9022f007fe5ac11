package io.kvstore.server.command;

/**
 * Redis' glob-style matching (KEYS, SCAN MATCH, CONFIG GET) over bytes: {@code *} any run, {@code ?} one byte,
 * {@code [abc]}, {@code [a-z]}, {@code [^a]} one byte of a set, {@code \x} the byte x literally. An unclosed
 * {@code [} matches up to the end of the pattern, as in Redis. Stateless.
 */
public final class RedisGlob {
    private RedisGlob() {
    }

    /**
     * The bytes every match of {@code pattern} starts with: the pattern up to its first {@code *}, {@code ?},
     * {@code [} or backslash (empty when it starts with one). Lets KEYS and SCAN read only that prefix's range of
     * the ordered key index.
     */
    public static byte[] literalPrefix(byte[] pattern) {
        int n = 0;
        while (n < pattern.length && pattern[n] != '*' && pattern[n] != '?' && pattern[n] != '['
                && pattern[n] != '\\') {
            n++;
        }
        return java.util.Arrays.copyOf(pattern, n);
    }

    public static boolean matches(byte[] pattern, byte[] s) {
        return match(pattern, 0, s, 0, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            found |= p[pi] == s[si];
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int lo = p[pi] & 0xff;
                            int hi = p[pi + 2] & 0xff;
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            int ch = s[si] & 0xff;
                            found |= ch >= lo && ch <= hi;
                            pi += 2;
                        } else {
                            found |= p[pi] == s[si];
                        }
                        pi++;
                    }
                    if (found == not) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || c != s[si]) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length;
    }
}
