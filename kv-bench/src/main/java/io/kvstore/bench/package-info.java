/**
 * kvstore's benchmarks: one command ({@link io.kvstore.bench.BenchMain}) that measures kvstore against
 * ConcurrentHashMap and H2's MVStore at the engine level ({@code engine}), against H2 and SQLite through JDBC
 * ({@code jdbc}), and writes the report and charts ({@code report}). Not part of the test run.
 */
package io.kvstore.bench;
