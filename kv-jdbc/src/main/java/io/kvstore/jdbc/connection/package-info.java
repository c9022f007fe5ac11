/**
 * The JDBC session objects.
 *
 * <p><b>What both modes share.</b> {@link io.kvstore.jdbc.connection.AbstractConnection} and
 * {@link io.kvstore.jdbc.connection.AbstractStatement} hold, once, the state and behaviour the embedded and the
 * remote ({@code io.kvstore.jdbc.remote}) front ends have in common: statement options, warnings, closing, the
 * fixed answers (isolation, holdability, schema, catalog, type map, unsupported factories) and the argument checks
 * with their SQLStates. The prepared statements of both modes take their setter families from
 * {@link io.kvstore.jdbc.connection.ParameterSetters} and keep their values in
 * {@link io.kvstore.jdbc.connection.ParameterValues}, converted by {@link io.kvstore.jdbc.connection.Parameters};
 * {@link io.kvstore.jdbc.connection.KvParameterMetaData} describes them. A front end adds only how it runs SQL and
 * where its transactions live.
 *
 * <p><b>Embedded mode.</b> {@link io.kvstore.jdbc.connection.KvConnection} (transactions, the Calcite connection
 * behind it), its statements, the cache of planned statements, {@link io.kvstore.jdbc.connection.SqlText}
 * (parameters and the literals of ad-hoc statements). The connection plans each statement once with Calcite and
 * keeps either an {@code exec} executor or Calcite's planned statement for it;
 * {@link io.kvstore.jdbc.connection.PreparedText} keeps executor statements by their exact text for frameworks that
 * prepare for every execution, and {@link io.kvstore.jdbc.connection.CalciteWarmup} loads Calcite's planner in the
 * background once per JVM.
 */
package io.kvstore.jdbc.connection;
