package io.kvstore.bench.report;

/** Number formatting shared by the console and Markdown reports. Stateless. */
public final class Format {
    private Format() {
    }

    /** A rate or count in 3 significant figures with k/M suffixes: {@code 4.62k}, {@code 395k}, {@code 3.01M}. */
    public static String si(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format("%.2fG", v / 1e9);
        }
        if (a >= 1e6) {
            return a >= 1e8 ? String.format("%.0fM", v / 1e6) : a >= 1e7 ? String.format("%.1fM", v / 1e6)
                    : String.format("%.2fM", v / 1e6);
        }
        if (a >= 1e3) {
            return a >= 1e5 ? String.format("%.0fk", v / 1e3) : a >= 1e4 ? String.format("%.1fk", v / 1e3)
                    : String.format("%.2fk", v / 1e3);
        }
        return a >= 100 ? String.format("%.0f", v) : String.format("%.1f", v);
    }

    /** A measurement as {@code value ± error} (the error only when known). */
    public static String withError(Measurement m) {
        if (!m.present()) {
            return "n/a";
        }
        return Double.isNaN(m.error()) ? si(m.value()) : si(m.value()) + " ± " + si(m.error());
    }

    /** A ratio such as {@code 0.83x}, or {@code n/a}. */
    public static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format("%.2fx", r);
    }
}
