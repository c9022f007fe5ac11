/**
 * Hibernate ORM 6 support: {@link io.kvstore.jdbc.hibernate.KvDialect} and the
 * {@link io.kvstore.jdbc.hibernate.KvDialectResolver} that lets Hibernate find it without configuration.
 * Hibernate is a {@code provided} dependency: nothing in the driver refers to this package, so the driver jar
 * loads without Hibernate. Usage is described in {@code docs/applications.md}.
 */
package io.kvstore.jdbc.hibernate;
