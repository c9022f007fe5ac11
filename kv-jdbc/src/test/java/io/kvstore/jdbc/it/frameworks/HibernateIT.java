package io.kvstore.jdbc.it.frameworks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.jdbc.KvDataSource;
import io.kvstore.jdbc.hibernate.KvDialect;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM 6 as its users run it: no {@code hibernate.dialect} setting (the driver's DialectResolver picks
 * {@link KvDialect}), schema validation of the mapped {@code kv} table with a {@code @Lob byte[]}, CRUD, an HQL
 * query with LIKE, paging, a rolled-back transaction and a PESSIMISTIC_WRITE read.
 */
class HibernateIT {
    /** The kv table as an entity. */
    @Entity(name = "Entry")
    @Table(name = "kv")
    public static class Entry {
        @Id
        @Column(name = "key")
        private String key;

        @Lob
        @Column(name = "value")
        private byte[] value;

        protected Entry() {
        }

        Entry(String key, String value) {
            this.key = key;
            this.value = value.getBytes(UTF_8);
        }

        String text() {
            return new String(value, UTF_8);
        }
    }

    private SessionFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = Files.createTempDirectory("kv-hibernate");
        KvDataSource ds = new KvDataSource();
        ds.setUrl("jdbc:kvstore:" + dir.resolve("store"));
        Configuration cfg = new Configuration().addAnnotatedClass(Entry.class);
        cfg.getProperties().put(AvailableSettings.DATASOURCE, ds);
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
        factory = cfg.buildSessionFactory();
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    @Test
    void startup_withoutDialectSetting_resolvesKvDialect() {
        assertInstanceOf(KvDialect.class,
                factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect());
    }

    @Test
    void crud_persistFindUpdateRemove_roundTrips() {
        factory.inTransaction(s -> {
            s.persist(new Entry("user:1", "Ada"));
            s.persist(new Entry("user:2", "Grace"));
        });
        factory.inTransaction(s -> {
            Entry e = s.find(Entry.class, "user:1");
            assertEquals("Ada", e.text());
            e.value = "Ada L.".getBytes(UTF_8); // dirty checking issues the UPDATE
        });
        factory.inTransaction(s -> {
            assertArrayEquals("Ada L.".getBytes(UTF_8), s.find(Entry.class, "user:1").value);
            s.remove(s.find(Entry.class, "user:2"));
        });
        factory.inSession(s -> assertNull(s.find(Entry.class, "user:2")));
    }

    @Test
    void query_likeOrderByAndPaging_returnsThePage() {
        factory.inTransaction(s -> {
            for (int i = 0; i < 7; i++) {
                s.persist(new Entry("user:" + i, "v" + i));
            }
            s.persist(new Entry("other", "x"));
        });
        factory.inSession(s -> {
            List<String> keys = s.createSelectionQuery(
                            "select e.key from Entry e where e.key like :p order by e.key", String.class)
                    .setParameter("p", "user:%")
                    .setFirstResult(2)
                    .setMaxResults(3)
                    .getResultList();
            assertEquals(List.of("user:2", "user:3", "user:4"), keys);
            Long count = s.createSelectionQuery("select count(e) from Entry e where e.key like 'user:%'", Long.class)
                    .getSingleResult();
            assertEquals(7L, count);
        });
    }

    @Test
    void transaction_rolledBack_leavesNothing() {
        try (Session s = factory.openSession()) {
            Transaction tx = s.beginTransaction();
            s.persist(new Entry("temp", "t"));
            s.flush();
            assertNotNull(s.createSelectionQuery("from Entry e where e.key = 'temp'", Entry.class)
                    .getSingleResultOrNull(), "a transaction sees its own writes");
            tx.rollback();
        }
        factory.inSession(s -> assertNull(s.find(Entry.class, "temp")));
    }

    @Test
    void find_pessimisticWrite_readsWithoutForUpdate() {
        factory.inTransaction(s -> s.persist(new Entry("locked", "l")));
        factory.inTransaction(s -> {
            Entry e = s.find(Entry.class, "locked", LockModeType.PESSIMISTIC_WRITE);
            assertEquals("l", e.text());
            e.value = "m".getBytes(UTF_8);
        });
        factory.inSession(s -> assertEquals("m", s.find(Entry.class, "locked").text()));
    }
}
