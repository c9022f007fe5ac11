/**
 * The remote JDBC listener ({@code --jdbc-port}): the driver's binary protocol ({@code docs/protocol-jdbc.md},
 * codec and sessions in kv-jdbc's {@code io.kvstore.jdbc.remote}) on Netty. Each session runs on an embedded
 * driver connection to the served store, off the event loops.
 */
package io.kvstore.server.jdbc;
