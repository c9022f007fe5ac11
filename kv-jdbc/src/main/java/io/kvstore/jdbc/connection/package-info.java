/**
 * The JDBC session objects: {@link io.kvstore.jdbc.connection.KvConnection} (transactions, the Calcite connection
 * behind it), its statements, parameter conversion ({@link io.kvstore.jdbc.connection.Parameters}) and the cache of
 * planned statements. A statement decides per execution whether an {@code exec} executor or Calcite runs it.
 */
package io.kvstore.jdbc.connection;
