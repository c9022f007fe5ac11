package io.kvstore.jdbc.exec;

/**
 * Decides, from SQL text alone, whether a statement can run directly on the engine ({@link FastPath}) instead
 * of through Calcite. A router must only accept statements whose fast execution is indistinguishable from
 * Calcite's (same rows, labels, types, update counts, SQLStates); anything it is unsure of goes to Calcite.
 *
 * <p>Implementations are immutable and thread-safe; {@link #route} never throws.
 */
public interface StatementRouter {

    /** A router that sends everything to Calcite. */
    StatementRouter NONE = sql -> null;

    /** The fast plan for {@code sql}, or null to let Calcite run it. */
    FastPath route(String sql);
}
