package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.exec.Upserts;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes the upsert spellings and gives the plain INSERT each one is run as (with an
 * {@link Upserts.OnConflict} action):
 * <ul>
 * <li>{@code UPSERT INTO kv [(key, value)] VALUES (...)[, (...)]} - overwrite;</li>
 * <li>{@code INSERT INTO kv ... ON CONFLICT [(key)] DO UPDATE SET value = EXCLUDED.value} - overwrite;</li>
 * <li>{@code INSERT INTO kv ... ON CONFLICT [(key)] DO NOTHING} - keep the present row.</li>
 * </ul>
 * Other ON CONFLICT forms (another SET expression, a WHERE) are not recognized and reach the SQL parser, which
 * rejects them; MERGE remains the general form. Stateless and thread-safe.
 */
final class UpsertSql {
    /** The INSERT to plan and the action to run it with. */
    record Parsed(String insertSql, Upserts.OnConflict action) {
    }

    private static final Pattern UPSERT = Pattern.compile("(?is)^\\s*upsert\\s+into\\s+(.*)$");
    private static final Pattern ON_CONFLICT = Pattern.compile(
            "(?is)^(\\s*insert\\s+into\\s+.*?)\\s+on\\s+conflict\\s*(?:\\(\\s*(?:\"key\"|key)\\s*\\)\\s*)?do\\s+"
                    + "(nothing|update\\s+set\\s+(?:\"value\"|value)\\s*=\\s*excluded\\s*\\.\\s*(?:\"value\"|value))"
                    + "\\s*$");

    private UpsertSql() {
    }

    /** The INSERT and action for an upsert text, or null for any other statement. */
    static Parsed parse(String sql) {
        if (sql.length() < 7) {
            return null;
        }
        char c = firstLetter(sql);
        if (c == 'u' || c == 'U') {
            Matcher m = UPSERT.matcher(sql);
            return m.matches() ? new Parsed("INSERT INTO " + m.group(1), Upserts.OnConflict.UPDATE) : null;
        }
        if ((c == 'i' || c == 'I') && containsIgnoreCase(sql, "conflict")) {
            Matcher m = ON_CONFLICT.matcher(sql);
            if (m.matches()) {
                boolean nothing = m.group(2).equalsIgnoreCase("nothing");
                return new Parsed(m.group(1), nothing ? Upserts.OnConflict.IGNORE : Upserts.OnConflict.UPDATE);
            }
        }
        return null;
    }

    private static char firstLetter(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            if (!Character.isWhitespace(sql.charAt(i))) {
                return sql.charAt(i);
            }
        }
        return 0;
    }

    private static boolean containsIgnoreCase(String s, String word) {
        for (int i = 0; i + word.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }
}
