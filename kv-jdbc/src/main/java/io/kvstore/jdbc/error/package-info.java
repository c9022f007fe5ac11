/**
 * The one place where failures become SQLExceptions: {@link io.kvstore.jdbc.error.SqlState} lists every state the
 * driver reports, {@link io.kvstore.jdbc.error.KvErrors} creates and translates exceptions, and
 * {@link io.kvstore.jdbc.error.SelfWrapper} gives the driver's objects {@code unwrap} with its one failure state.
 */
package io.kvstore.jdbc.error;
