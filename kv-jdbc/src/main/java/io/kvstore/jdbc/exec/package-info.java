/**
 * Statements the driver runs on the engine itself instead of through Calcite's runtime. Every statement is planned
 * by Calcite; {@link io.kvstore.jdbc.exec.PlanRecognizer} recognizes the optimized plans that are key lookups,
 * scans with simple filters and projections, limits, ordered reads of key ranges, {@code count(*)},
 * count/min/max over key ranges or keyed writes, and builds their
 * {@link io.kvstore.jdbc.exec.Executor}; {@link io.kvstore.jdbc.exec.TextFrontDoor} builds the same executors for
 * the single-table statements its parser reads ({@code exec.text}: tokenizer, recursive-descent parser, statement
 * tree) without planning. An executor is a {@link io.kvstore.jdbc.exec.Pipeline} (a source: key
 * lookups, a {@link io.kvstore.jdbc.exec.CursorSource} scan, or VALUES; then filter/projection and limit steps of
 * compiled expressions) run by a query or write executor. A range or prefix read over the engine's ordered key
 * index is a {@link io.kvstore.jdbc.exec.RangeCursorSource}. Executors read and write through the connection's
 * {@code KvSession} exactly as the adapter does, and hand their rows to the {@code result} package.
 */
package io.kvstore.jdbc.exec;
