package io.kvstore.jdbc.sqlline;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * What {@code ./kvstore sql} runs: opens the store named by sqlline's {@code -u URL} argument first, and only when
 * that works hands all arguments to sqlline ({@code sqlline.SqlLine}, which must be on the class path). The
 * connection opened here stays open while sqlline runs, so sqlline's own connection to the same URL shares the
 * open store (see the driver's store registry) and cannot lose a race for it.
 *
 * <p>A store that cannot be opened (in use by another process: SQLState 55006; corrupted: XX001; a bad URL or
 * option) is reported in one line, {@code kvstore: <message> (SQLState <state>)}, on standard error, with exit
 * status 2 - instead of sqlline's stack trace and a prompt without a connection. Otherwise the exit status is
 * sqlline's: 0 when everything ran, non-zero when an argument was wrong or a statement of a script failed.
 *
 * <p>Errors of statements run from {@code -f script} or {@code -e} print as sqlline's one line, {@code Error:
 * <message> (state=...)}: sqlline 1.12 prints a Java stack trace for every error raised before its prompt would
 * appear (a private flag, {@code initComplete}, forces verbose output until then), so this class sets that flag
 * before starting it unless {@code --verbose=true} is given. With another sqlline version that lacks the flag,
 * nothing changes.
 *
 * <p>Not thread-safe; a program entry point.
 */
public final class SqlLineLauncher {
    /** Exit status when the store cannot be opened (as {@code ./kvstore shell}). */
    static final int CANNOT_OPEN = 2;

    private SqlLineLauncher() {
    }

    public static void main(String[] args) {
        System.exit(run(args, null, System.err));
    }

    /**
     * Opens the URL after {@code -u}, then runs sqlline with {@code args} reading {@code in} (the terminal when
     * null); returns the exit status.
     */
    static int run(String[] args, InputStream in, PrintStream err) {
        String url = urlOf(List.of(args));
        if (url == null) {
            err.println("kvstore: no -u <jdbc-url> argument for sqlline");
            return CANNOT_OPEN;
        }
        Connection held;
        try {
            held = DriverManager.getConnection(url, "", "");
        } catch (SQLException e) {
            err.println(oneLine(e));
            return CANNOT_OPEN;
        }
        try {
            return runSqlLine(args, in);
        } finally {
            try {
                held.close();
            } catch (SQLException e) {
                err.println(oneLine(e));
            }
        }
    }

    /** The value after the first {@code -u}, or null. */
    static String urlOf(List<String> args) {
        int i = args.indexOf("-u");
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** {@code kvstore: <first line of the message> (SQLState <state>)}. */
    static String oneLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return "kvstore: " + (nl < 0 ? m : m.substring(0, nl)) + " (SQLState " + e.getSQLState() + ")";
    }

    /** Makes sqlline treat errors of -f/-e statements as it treats typed ones: message only, no stack trace. */
    private static void quietDuringStartup(Class<?> sqlLine) {
        try {
            Field f = sqlLine.getDeclaredField("initComplete");
            f.setAccessible(true);
            f.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another sqlline version: its own error output stays as it is
        }
    }

    private static int runSqlLine(String[] args, InputStream in) {
        try {
            Class<?> sqlLine = Class.forName("sqlline.SqlLine");
            if (!List.of(args).contains("--verbose=true")) {
                quietDuringStartup(sqlLine);
            }
            Method start = sqlLine.getMethod("start", String[].class, InputStream.class, boolean.class);
            Enum<?> status = (Enum<?>) start.invoke(null, args, in, true);
            return status.ordinal(); // OK, ARGS, OTHER
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("sqlline is not on the class path", e);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unexpected sqlline version: " + e, e);
        }
    }
}
