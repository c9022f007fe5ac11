package io.kvstore.server.shell;

import java.util.regex.Pattern;

/**
 * A {@code KEYS} pattern: {@code *} matches any run of characters, {@code ?} one character, {@code [abc]} /
 * {@code [a-z]} / {@code [!a-z]} (or {@code [^a-z]}) one character of a set, and {@code \} makes the next
 * character literal. Everything else matches itself. Keys are matched as text (UTF-8, malformed bytes as
 * U+FFFD). Immutable and thread-safe.
 */
final class Glob {
    private final Pattern regex;

    private Glob(Pattern regex) {
        this.regex = regex;
    }

    /**
     * The text every key matching {@code glob} starts with: its characters before the first {@code *}, {@code ?}
     * or {@code [}, with {@code \} escapes resolved ("" when it starts with a wildcard). Lets {@code KEYS} read
     * only that prefix of the store's ordered index.
     */
    static String literalPrefix(String glob) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= glob.length()) {
                    break;
                }
                c = glob.charAt(++i);
            }
            p.append(c);
        }
        return p.toString();
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException an unclosed {@code [} or a trailing {@code \}
     */
    static Glob compile(String glob) {
        StringBuilder re = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw new IllegalArgumentException("pattern ends with \\");
                    }
                    re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed [ in pattern " + glob);
                    }
                    re.append('[');
                    int j = i + 1;
                    if (glob.charAt(j) == '!' || glob.charAt(j) == '^') {
                        re.append('^');
                        j++;
                    }
                    for (; j < end; j++) {
                        char d = glob.charAt(j);
                        if (d == '-' && j > i + 1 && j + 1 < end) {
                            re.append('-');
                        } else if (Character.isLetterOrDigit(d)) {
                            re.append(d);
                        } else {
                            re.append('\\').append(d);
                        }
                    }
                    re.append(']');
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String text) {
        return regex.matcher(text).matches();
    }
}
