/**
 * Result sets of every path (rows held in memory, streamed from an engine cursor, or from Calcite), their column
 * metadata, and the conversions of cell values for the typed getters. Depends on nothing of the driver but
 * {@code error}; a result set knows its statement only as a {@link io.kvstore.jdbc.result.ResultOwner}.
 */
package io.kvstore.jdbc.result;
