package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.exec.Executor;

/**
 * What {@link KvConnection#prepareStatement} built for a text that runs on an {@link Executor}: the text as it runs
 * (terminator stripped), its executor and which parameters are row counts. Kept by the connection under the text
 * exactly as the application gave it, so that frameworks that prepare a statement for every execution (Spring's
 * {@code JdbcTemplate}, jOOQ without {@code keepStatement}, MyBatis' simple executor) skip the text analysis,
 * the front door and the plan lookup the second time: a prepare is then one map lookup and one small object.
 *
 * <p>Immutable and thread-safe (executors are immutable; {@code rowCounts} is never written after construction).
 *
 * @param sql the statement text as it runs
 * @param executor what runs it; never null
 * @param rowCounts which parameters are LIMIT/OFFSET row counts, or null for none (never modified)
 */
record PreparedText(String sql, Executor executor, SqlText.RowCount[] rowCounts) {

    /** The entry for {@code sql} run by {@code executor}, with its row-count parameters read from the text. */
    static PreparedText of(String sql, Executor executor) {
        int n = executor.parameterTypes().length;
        SqlText.RowCount[] counts = SqlText.rowCountParameters(sql);
        return new PreparedText(sql, executor, counts != null && counts.length == n ? counts : null);
    }
}
