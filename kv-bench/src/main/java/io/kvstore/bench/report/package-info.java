/**
 * One run's figures ({@link io.kvstore.bench.report.Measurement}), the targets they are judged by
 * ({@link io.kvstore.bench.report.Targets}), and their rendering: console and Markdown tables, charts, and
 * {@code docs/benchmarks.md} ({@link io.kvstore.bench.report.Report}).
 */
package io.kvstore.bench.report;
