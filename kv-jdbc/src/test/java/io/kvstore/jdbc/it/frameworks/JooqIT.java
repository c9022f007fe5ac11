package io.kvstore.jdbc.it.frameworks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.kvstore.jdbc.KvDataSource;
import java.nio.file.Files;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jOOQ 3.19 with {@code SQLDialect.DEFAULT} over {@link KvDataSource}, as its users write it: CRUD, a query with
 * LIKE and ORDER BY, paging with limit/offset, a transaction that rolls back, an upsert as plain SQL, and nested
 * transactions (savepoints): a failed inner one rolls back to its savepoint and the outer one commits.
 */
class JooqIT {
    private static final Table<Record> KV = table(name("kv"));
    private static final Field<String> KEY = field(name("key"), String.class);
    private static final Field<byte[]> VALUE = field(name("value"), byte[].class);

    private DSLContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        KvDataSource ds = new KvDataSource();
        ds.setUrl("jdbc:kvstore:" + Files.createTempDirectory("kv-jooq").resolve("store"));
        ctx = DSL.using(ds, SQLDialect.DEFAULT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private String text(String key) {
        byte[] v = ctx.select(VALUE).from(KV).where(KEY.eq(key)).fetchOne(VALUE);
        return v == null ? null : new String(v, UTF_8);
    }

    @Test
    void crud_insertSelectUpdateDelete_roundTrips() {
        assertEquals(1, ctx.insertInto(KV, KEY, VALUE).values("user:1", utf8("Ada")).execute());
        assertEquals(2, ctx.insertInto(KV, KEY, VALUE).values("user:2", utf8("Grace"))
                .values("user:3", utf8("Barbara")).execute());
        assertArrayEquals(utf8("Ada"), ctx.select(VALUE).from(KV).where(KEY.eq("user:1")).fetchOne(VALUE));
        assertEquals(1, ctx.update(KV).set(VALUE, utf8("Ada L.")).where(KEY.eq("user:1")).execute());
        assertEquals("Ada L.", text("user:1"));
        assertEquals(1, ctx.deleteFrom(KV).where(KEY.eq("user:2")).execute());
        assertEquals(2, ctx.fetchCount(KV));
    }

    @Test
    void query_likeOrderByLimitOffset_returnsThePage() {
        for (int i = 0; i < 7; i++) {
            ctx.insertInto(KV, KEY, VALUE).values("user:" + i, utf8("v" + i)).execute();
        }
        ctx.insertInto(KV, KEY, VALUE).values("other", utf8("x")).execute();
        List<String> page = ctx.select(KEY).from(KV).where(KEY.like("user:%")).orderBy(KEY).limit(3).offset(2)
                .fetch(KEY);
        assertEquals(List.of("user:2", "user:3", "user:4"), page);
    }

    @Test
    void transaction_exceptionInside_rollsBack() {
        assertThrows(IllegalStateException.class, () -> ctx.transaction(cfg -> {
            DSL.using(cfg).insertInto(KV, KEY, VALUE).values("temp", utf8("t")).execute();
            assertEquals("t", new String(DSL.using(cfg).select(VALUE).from(KV).where(KEY.eq("temp")).fetchOne(VALUE),
                    UTF_8), "a transaction sees its own writes");
            throw new IllegalStateException("roll back");
        }));
        assertFalse(ctx.fetchExists(KV, KEY.eq("temp")));
        ctx.transaction(cfg -> DSL.using(cfg).insertInto(KV, KEY, VALUE).values("kept", utf8("k")).execute());
        assertTrue(ctx.fetchExists(KV, KEY.eq("kept")));
    }

    @Test
    void upsert_plainSql_insertsThenOverwrites() {
        assertEquals(1, ctx.execute("UPSERT INTO kv VALUES (?, ?)", "u", utf8("1")));
        assertEquals(1, ctx.execute("UPSERT INTO kv VALUES (?, ?)", "u", utf8("2")));
        assertEquals(0, ctx.execute("INSERT INTO kv VALUES (?, ?) ON CONFLICT (key) DO NOTHING", "u", utf8("3")));
        assertEquals("2", text("u"));
    }

    @Test
    void nestedTransaction_innerFailure_rollsBackToTheSavepointOnly() {
        ctx.transaction(outer -> {
            DSL.using(outer).insertInto(KV, KEY, VALUE).values("kept", utf8("1")).execute();
            assertThrows(IllegalStateException.class, () -> DSL.using(outer).transaction(inner -> {
                DSL.using(inner).insertInto(KV, KEY, VALUE).values("undone", utf8("2")).execute();
                throw new IllegalStateException("inner fails");
            }));
            DSL.using(outer).transaction(inner -> DSL.using(inner).insertInto(KV, KEY, VALUE)
                    .values("nested", utf8("3")).execute());
        });
        assertEquals("1", text("kept"));
        assertEquals("3", text("nested"));
        assertFalse(ctx.fetchExists(KV, KEY.eq("undone")));
    }
}
