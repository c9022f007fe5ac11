package io.kvstore.bench;

/** Turns failures into the one-line reasons the report prints for a missing figure. */
public final class Failures {
    private Failures() {
    }

    /** Exception class and message on one line, at most 200 characters, with the root cause if different. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            m += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        m = m.replaceAll("\\s+", " ").replace('|', '/').trim();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
