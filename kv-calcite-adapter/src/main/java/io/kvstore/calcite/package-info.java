/**
 * Apache Calcite adapter that shows a kvstore as the SQL table
 * {@code kv(key VARCHAR NOT NULL PRIMARY KEY, value VARBINARY NOT NULL)}; the SQL it accepts is described in
 * {@code docs/sql.md}.
 *
 * <p>Classes in the order a statement flows through them: {@link io.kvstore.calcite.KvCalcite} (connection
 * properties, connect) -&gt; {@code KvPrepare} (the connections' own statement preparation: {@code KvColumnLabels}
 * before validation, {@code KvTypeCheck} after it, the {@code KvValueText} program before Calcite's optimization)
 * -&gt; {@link io.kvstore.calcite.KvSchemaFactory} / {@link io.kvstore.calcite.KvSchema}
 * -&gt; {@link io.kvstore.calcite.KvTable} -&gt; {@link io.kvstore.calcite.KvTableScan} (planning;
 * {@link io.kvstore.calcite.KvRules}, {@link io.kvstore.calcite.KvFilterTranslator}) -&gt;
 * {@link io.kvstore.calcite.KvScanSpec} -&gt; {@link io.kvstore.calcite.KvEnumerator} (execution). Ordered reads
 * of the engine's ordered index: a {@link io.kvstore.calcite.KvTableScan} with a
 * {@link io.kvstore.calcite.KvKeyRange}, a direction and {@link io.kvstore.calcite.KvRowCount} offset and fetch;
 * aggregates: {@link io.kvstore.calcite.KvAggregateScan} -&gt; {@link io.kvstore.calcite.KvAggregateSpec}. Writes:
 * {@link io.kvstore.calcite.KvTableModify} -&gt; {@link io.kvstore.calcite.KvWriteSpec}. Joins on the key:
 * {@link io.kvstore.calcite.KvLookupJoin} -&gt; {@link io.kvstore.calcite.KvLookupJoinSpec}. The session contract
 * with the JDBC driver is {@link io.kvstore.calcite.KvSession}.
 *
 * <p>The lean path beside it, for statements over {@code kv} alone whose plans the driver runs itself:
 * {@link io.kvstore.calcite.KvLeanPlanner} (the same parser settings, labels, type checks and value-text rewrite, no
 * Calcite connection) -&gt; the schema with {@code KvFunctionSignature}s -&gt; a Hep program of the same
 * {@link io.kvstore.calcite.KvRules} -&gt; a logical plan, never executed by Calcite.
 */
package io.kvstore.calcite;

/*
 * Design
 *
 * Planning rules without a custom planner. Calcite calls RelNode.register(planner) the first time the planner sees
 * a node class. KvTableScan (every read of kv) and KvLogicalTableModify (INSERT, built by KvTable.toModificationRel,
 * which has no scan) add KvRules there, so a plain jdbc:calcite: connection plans with our rules.
 *
 * Our own prepare, per connection. What must happen before the planner (checks on the validated SQL, rewrites that
 * change meaning, such as comparing value with text as UTF-8) is in KvPrepare, the prepare factory of the Calcite
 * driver instance KvCalcite.connect uses (Driver.withPrepareFactory). Nothing is registered JVM-wide (no Hook, no
 * system property), so other Calcite users in the same JVM keep Calcite's behaviour (KvValueTextTest checks it).
 *
 * Parameters and literals at execution. Lookup keys are KvKeySource objects: a literal, or the index of a `?`
 * read from the DataContext ("?0") at every execution. The generated code receives them through
 * EnumerableRelImplementor.stash, never inlined, so a PreparedStatement is planned once and statements that differ
 * only in key literals compile to the same source (Calcite's bindable cache then reuses the class).
 *
 * Ordered reads. FILTER_INTO_SCAN turns key bounds into a KvKeyRange (bounds intersect at execution, so `?`
 * works); SORT_INTO_SCAN turns ORDER BY key [DESC] with OFFSET/FETCH into an ordered read whose traits carry the
 * collation (key ASC or DESC), so the planner drops the sort; AGGREGATE_INTO_SCAN answers count/min/max from the
 * index. Key order is unsigned UTF-8 byte order = code point order (docs/sql.md, "Key order").
 *
 * Writes. Calcite's EnumerableTableModify cannot UPDATE or MERGE and DELETEs by walking the whole collection.
 * KvTableModify (cost below Calcite's tiny cost so that it always wins) hands the input rows to KvWriteSpec, which
 * validates all rows against the transaction overlaid with the statement's own writes, then applies them: a
 * statement is atomic also inside an explicit transaction.
 *
 * Lean planning. KvLeanPlanner drives parser, validator and SqlToRelConverter itself and runs a HepPlanner: a Hep
 * planner has no trait definitions, so rules that read a convention must accept none (SORT_INTO_SCAN does), and
 * rules whose outcome Volcano decides by cost must not be guessed there (a bare LIMIT over a full scan is left to
 * Volcano). It returns null rather than an error: the full path reports errors, once, as before.
 *
 * Cancellation. Calcite puts the cancel flag and the timeout (a duration in ms, counted from UTC_TIMESTAMP) in
 * the DataContext and enforces neither inside operators; KvAbortCheck does, between rows.
 */
