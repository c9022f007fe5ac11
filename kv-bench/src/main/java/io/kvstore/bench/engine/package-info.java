/**
 * Engine level: JMH benchmarks of get, put, delete and a 90/10 mix on kvstore (in memory and on file with
 * SyncPolicy.NONE), ConcurrentHashMap and H2 MVMap ({@link io.kvstore.bench.engine.EngineBenchmark}, run by
 * {@link io.kvstore.bench.engine.EngineRunner}), and heap bytes per entry measured in child JVMs
 * ({@link io.kvstore.bench.engine.FootprintRunner}).
 */
package io.kvstore.bench.engine;
