package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.EvictionPolicy;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KvDataSourceTest {

    @Test
    void beanSetters_configureTheStore() throws SQLException {
        KvDataSource ds = new KvDataSource();
        ds.setUrl(TestUrls.mem() + ";sync=always");
        ds.setUser("sa");
        ds.setPassword("ignored");
        ds.setSync("none");
        ds.setEviction("lru");
        ds.setMemoryLimit("1m");
        ds.setMaxValueBytes(100);
        try (Connection c = ds.getConnection(); Connection d = ds.getConnection("u", "p")) {
            KvStore store = c.unwrap(KvStore.class);
            assertSame(store, d.unwrap(KvStore.class));
            assertEquals(SyncPolicy.NONE, store.options().syncPolicy());
            assertEquals(EvictionPolicy.LRU, store.options().evictionPolicy());
            assertEquals(1 << 20, store.options().memoryLimitBytes());
            assertEquals(100, store.options().maxValueBytes());
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void everyOption_hasABeanSetter() throws Exception {
        Set<String> writable = new HashSet<>();
        for (PropertyDescriptor p : Introspector.getBeanInfo(KvDataSource.class).getPropertyDescriptors()) {
            if (p.getWriteMethod() != null) {
                writable.add(p.getName());
            }
        }
        assertTrue(writable.contains("url"), writable::toString);
        for (KvOption o : KvOption.values()) {
            assertTrue(writable.contains(o.key()), o.key());
        }
    }

    @Test
    void badValue_failsGetConnectionNamingIt() {
        KvDataSource ds = new KvDataSource();
        ds.setUrl(TestUrls.mem());
        ds.setSync("sometimes");
        SQLException e = TestUrls.sqlError(ds::getConnection);
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("sync"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ds.setOption("nope", "1"));
    }

    @Test
    void noUrl_fails08001() {
        assertEquals("08001", TestUrls.sqlError(() -> new KvDataSource().getConnection()).getSQLState());
    }
}
