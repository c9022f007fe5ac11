/** {@code DatabaseMetaData} of a kvstore connection: the one schema, table {@code kv}, its columns and key. */
package io.kvstore.jdbc.meta;
