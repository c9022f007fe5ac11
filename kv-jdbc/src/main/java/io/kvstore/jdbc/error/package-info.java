/**
 * The one place where failures become SQLExceptions: {@link io.kvstore.jdbc.error.SqlState} lists every state the
 * driver reports, {@link io.kvstore.jdbc.error.KvErrors} creates and translates exceptions.
 */
package io.kvstore.jdbc.error;
