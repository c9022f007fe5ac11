/**
 * The JDBC session objects: {@link io.kvstore.jdbc.connection.KvConnection} (transactions, the Calcite connection
 * behind it), its statements, parameter conversion ({@link io.kvstore.jdbc.connection.Parameters}) and the cache of
 * planned statements, {@link io.kvstore.jdbc.connection.SqlText} (parameters and the literals of ad-hoc statements).
 * The connection plans each statement once with Calcite and keeps either an {@code exec} executor or Calcite's
 * planned statement for it; {@link io.kvstore.jdbc.connection.PreparedText} keeps executor statements by their
 * exact text for frameworks that prepare for every execution, and {@link io.kvstore.jdbc.connection.CalciteWarmup}
 * loads Calcite's planner in the background once per JVM.
 */
package io.kvstore.jdbc.connection;
