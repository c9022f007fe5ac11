/**
 * Statements the driver runs directly on the engine instead of through Calcite's runtime: how they are recognized
 * ({@link io.kvstore.jdbc.exec.StatementRouter}) and the executors ({@link io.kvstore.jdbc.exec.FastPath}
 * implementations). Executors read and write through the connection's {@code KvSession} exactly as the adapter
 * does, and hand their rows to the {@code result} package.
 */
package io.kvstore.jdbc.exec;
