/**
 * The kvstore JDBC driver: what applications name. {@link io.kvstore.jdbc.KvDriver} (URLs {@code jdbc:kvstore:...},
 * parsed by {@link io.kvstore.jdbc.KvUrl} with the options of {@link io.kvstore.jdbc.KvOption}),
 * {@link io.kvstore.jdbc.KvDataSource}, and {@link io.kvstore.jdbc.StoreRegistry}, which shares one open store among
 * the JVM's connections to it.
 *
 * <p>The packages below show how a statement runs:
 * <ul>
 *   <li>{@code connection}: the JDBC session objects: the base connection and statement both modes extend
 *       ({@code AbstractConnection}, {@code AbstractStatement}, {@code ParameterSetters}), and embedded mode's
 *       connection, statements, parameters and statement cache;</li>
 *   <li>{@code remote}: the client of a kvstore server ({@code jdbc:kvstore://host:port}), on the same base;
 *       {@code remote.protocol} its wire format, {@code remote.server} the server side;</li>
 *   <li>{@code exec}: recognizing statements the driver runs on the engine itself, and those executors;</li>
 *   <li>{@code result}: result sets, their metadata and the value conversions every path shares;</li>
 *   <li>{@code meta}: {@code DatabaseMetaData};</li>
 *   <li>{@code error}: the one mapping of failures to SQLStates ({@code KvErrors}, {@code SqlState});</li>
 *   <li>{@code shell}: the key-value shell and launcher.</li>
 * </ul>
 * Classes in the sub-packages are public only so that the packages can reach each other; applications use the
 * {@code java.sql} interfaces, {@code KvDriver}, {@code KvDataSource} and {@code SqlState}.
 */
package io.kvstore.jdbc;
