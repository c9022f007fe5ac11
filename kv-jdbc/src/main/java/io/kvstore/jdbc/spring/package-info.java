/**
 * Spring Data JDBC support: {@link io.kvstore.jdbc.spring.KvJdbcDialect} and the
 * {@link io.kvstore.jdbc.spring.KvJdbcDialectProvider} registered in {@code META-INF/spring.factories}. Spring is
 * a {@code provided} dependency: nothing in the driver refers to this package, so the driver jar loads without
 * Spring. Usage is described in {@code docs/applications.md}.
 */
package io.kvstore.jdbc.spring;
