/**
 * JDBC level: one harness ({@link io.kvstore.bench.jdbc.JdbcBench}) over three drivers
 * ({@link io.kvstore.bench.jdbc.JdbcSystem}): timed workloads on one store per system, the cold start in child JVMs,
 * and the disk's own append+fdatasync rate.
 */
package io.kvstore.bench.jdbc;
