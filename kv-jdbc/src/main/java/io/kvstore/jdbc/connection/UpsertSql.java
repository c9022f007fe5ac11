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
 * rejects them; MERGE remains the general form.
 *
 * <p>{@link #parseMerge} recognizes the one-row keyed MERGE that ORMs and query builders send for an upsert,
 * <pre>
 *   MERGE INTO kv [[AS] t] USING (VALUES (x, y)) [AS] s(k, v) ON t.key = s.k
 *     WHEN MATCHED THEN UPDATE SET value = s.v
 *     WHEN NOT MATCHED THEN INSERT [(key, value)] VALUES (s.k, s.v)
 * </pre>
 * ({@code x}, {@code y}: {@code ?}, a string or {@code X'..'} literal, optionally {@code CAST(.. AS VARCHAR |
 * VARBINARY ...)}; names quoted or not, qualified or not), which means exactly an overwriting upsert of
 * {@code (x, y)}: it is run as {@code INSERT INTO kv VALUES (x, y)} with {@link Upserts.OnConflict#UPDATE}, at the
 * cost of one engine put. Every other MERGE is left to Calcite. Stateless and thread-safe.
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

    private static final String NAME = "(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String REF = "(?:" + NAME + "\\s*\\.\\s*)?" + NAME;
    private static final String SIMPLE_VALUE = "(?:\\?|'(?:[^']|'')*'|[xX]'[0-9a-fA-F]*')";
    private static final String VALUE = "(" + SIMPLE_VALUE + "|cast\\s*\\(\\s*" + SIMPLE_VALUE
            + "\\s+as\\s+(?:varchar|char|character\\s+varying|varbinary|binary|binary\\s+varying)"
            + "(?:\\s*\\(\\s*\\d+\\s*\\))?\\s*\\))";
    private static final Pattern MERGE = Pattern.compile("(?is)^\\s*merge\\s+into\\s+(?:" + NAME
            + "\\s*\\.\\s*)?" + NAME + "(?:\\s+(?:as\\s+)?(?!using\\b)" + NAME + ")?"
            + "\\s+using\\s*\\(\\s*values\\s*\\(\\s*" + VALUE + "\\s*,\\s*" + VALUE + "\\s*\\)\\s*\\)"
            + "\\s*(?:as\\s+)?" + NAME + "\\s*\\(\\s*" + NAME + "\\s*,\\s*" + NAME + "\\s*\\)"
            + "\\s+on\\s+\\(?\\s*" + REF + "\\s*=\\s*" + REF + "\\s*\\)?"
            + "\\s+when\\s+matched\\s+then\\s+update\\s+set\\s+" + REF + "\\s*=\\s*" + REF
            + "\\s+when\\s+not\\s+matched\\s+then\\s+insert\\s*(?:\\(\\s*" + NAME + "\\s*,\\s*" + NAME
            + "\\s*\\)\\s*)?values\\s*\\(\\s*" + REF + "\\s*,\\s*" + REF + "\\s*\\)\\s*$");

    private UpsertSql() {
    }

    /**
     * The INSERT (with {@link Upserts.OnConflict#UPDATE}) that a one-row keyed MERGE means, or null for any other
     * statement (see the class comment).
     */
    static Parsed parseMerge(String sql) {
        if (sql.length() < 5 || (firstLetter(sql) != 'm' && firstLetter(sql) != 'M')) {
            return null;
        }
        Matcher m = MERGE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        // groups: 1 schema, 2 table, 3 alias, 4 x, 5 y, 6 source, 7 k, 8 v, 9-12 ON refs, 13-16 SET refs,
        // 17-18 insert columns, 19-22 inserted refs
        String schema = name(m.group(1));
        String table = name(m.group(2));
        String alias = m.group(3) == null ? null : name(m.group(3));
        if ((schema != null && !schema.equalsIgnoreCase("kvstore")) || !table.equalsIgnoreCase("kv")) {
            return null;
        }
        String source = name(m.group(6));
        String k = name(m.group(7));
        String v = name(m.group(8));
        boolean on = (isColumn(m, 9, "key", alias) && isSource(m, 11, source, k))
                || (isSource(m, 9, source, k) && isColumn(m, 11, "key", alias));
        boolean set = isColumn(m, 13, "value", alias) && isSource(m, 15, source, v);
        boolean columns = m.group(17) == null
                || (name(m.group(17)).equalsIgnoreCase("key") && name(m.group(18)).equalsIgnoreCase("value"));
        boolean inserted = isSource(m, 19, source, k) && isSource(m, 21, source, v);
        if (!on || !set || !columns || !inserted || k.equalsIgnoreCase(v)) {
            return null;
        }
        return new Parsed("INSERT INTO kv VALUES (" + m.group(4) + ", " + m.group(5) + ")",
                Upserts.OnConflict.UPDATE);
    }

    /** A name without its double quotes, or null. */
    private static String name(String n) {
        return n == null ? null : n.startsWith("\"") ? n.substring(1, n.length() - 1) : n;
    }

    /** Whether the reference in groups {@code g} (qualifier), {@code g + 1} (name) is the target's column. */
    private static boolean isColumn(Matcher m, int g, String column, String alias) {
        String q = name(m.group(g));
        return name(m.group(g + 1)).equalsIgnoreCase(column)
                && (q == null || q.equalsIgnoreCase(alias == null ? "kv" : alias));
    }

    /** Whether the reference in groups {@code g}, {@code g + 1} is the source's column {@code column}. */
    private static boolean isSource(Matcher m, int g, String source, String column) {
        String q = name(m.group(g));
        return q != null && q.equalsIgnoreCase(source) && name(m.group(g + 1)).equalsIgnoreCase(column);
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
