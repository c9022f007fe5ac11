package io.kvstore.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A small table of strings that renders as aligned plain text (for the console) or as a Markdown table.
 *
 * <p>Not thread-safe: build and render it on one thread.
 */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean alignRight;

    /** A table whose columns after the first are right-aligned (figures). */
    public Table(List<String> header) {
        this(header, true);
    }

    /** @param alignRight whether columns after the first are right-aligned in Markdown */
    public Table(List<String> header, boolean alignRight) {
        this.header = List.copyOf(header);
        this.alignRight = alignRight;
    }

    /** Adds a row; it must have as many cells as the header. */
    public Table add(List<String> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(row));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Markdown: a header row, a separator (the first column left-aligned), the rows. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            b.append(i == 0 || !alignRight ? "---|" : "---:|");
        }
        b.append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return b.toString();
    }

    /** Plain text with padded columns. */
    public String text() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, w);
        int total = 0;
        for (int x : w) {
            total += x + 2;
        }
        b.append("-".repeat(total)).append('\n');
        for (List<String> r : rows) {
            line(b, r, w);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i == 0) {
                b.append(c).append(" ".repeat(w[i] - c.length()));
            } else {
                b.append("  ").append(" ".repeat(w[i] - c.length())).append(c);
            }
        }
        b.append('\n');
    }
}
