/**
 * The text front door's reader: a tokenizer ({@code Lexer}), a recursive-descent parser
 * ({@link io.kvstore.jdbc.exec.text.TextParser}, whose javadoc is the grammar) for the single-table subset of SQL on
 * {@code kv} that needs no Calcite, and the statement tree it produces
 * ({@link io.kvstore.jdbc.exec.text.TextStatement}). Executors are built from the tree in
 * {@code io.kvstore.jdbc.exec.TextFrontDoor}. Nothing here touches a store.
 */
package io.kvstore.jdbc.exec.text;
