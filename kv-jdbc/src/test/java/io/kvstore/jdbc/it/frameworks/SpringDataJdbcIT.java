package io.kvstore.jdbc.it.frameworks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.KvDataSource;
import io.kvstore.jdbc.spring.KvJdbcDialect;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Persistable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Data JDBC 3.4 as its users run it: a repository over the {@code kv} table with no dialect bean (the
 * driver's {@code JdbcDialectProvider} supplies {@link KvJdbcDialect}), CRUD, a derived query, paging and
 * sorting, a rolled-back transaction; and what a commit conflict looks like under Spring's two JDBC transaction
 * managers (docs/applications.md).
 */
class SpringDataJdbcIT {

    /** A row of kv. New when made by {@link #create}, so that save() inserts (the key is assigned by us). */
    @Table("kv")
    public static class Entry implements Persistable<String> {
        @Id
        @Column("key")
        private String key;
        @Column("value")
        private byte[] value;
        @Transient
        private boolean fresh;

        /** For Spring Data when it reads a row (fields are then set one by one). */
        Entry() {
        }

        private Entry(String key, byte[] value, boolean fresh) {
            this.key = key;
            this.value = value;
            this.fresh = fresh;
        }

        static Entry create(String key, String text) {
            return new Entry(key, text.getBytes(UTF_8), true);
        }

        Entry withText(String text) {
            return new Entry(key, text.getBytes(UTF_8), false);
        }

        String text() {
            return new String(value, UTF_8);
        }

        @Override
        public String getId() {
            return key;
        }

        @Override
        public boolean isNew() {
            return fresh;
        }
    }

    interface EntryRepository extends ListCrudRepository<Entry, String>,
            ListPagingAndSortingRepository<Entry, String> {
        List<Entry> findByKeyStartingWithOrderByKeyDesc(String prefix);
    }

    @Configuration
    @EnableJdbcRepositories(considerNestedRepositories = true,
            basePackageClasses = SpringDataJdbcIT.class,
            includeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
                    type = org.springframework.context.annotation.FilterType.ASSIGNABLE_TYPE,
                    classes = EntryRepository.class))
    static class Config extends AbstractJdbcConfiguration {
        @Bean
        NamedParameterJdbcOperations namedParameterJdbcOperations(DataSource dataSource) {
            return new NamedParameterJdbcTemplate(dataSource);
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new JdbcTransactionManager(dataSource);
        }
    }

    private KvDataSource dataSource;
    private AnnotationConfigApplicationContext context;
    private EntryRepository repository;

    @BeforeEach
    void setUp() throws Exception {
        dataSource = new KvDataSource();
        dataSource.setUrl("jdbc:kvstore:" + Files.createTempDirectory("kv-spring-data").resolve("store"));
        context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> dataSource);
        context.register(Config.class);
        context.refresh();
        repository = context.getBean(EntryRepository.class);
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    @Test
    void startup_withoutDialectBean_usesKvJdbcDialect() {
        assertSame(KvJdbcDialect.INSTANCE, context.getBean(Dialect.class));
    }

    @Test
    void repository_crud_roundTrips() {
        repository.save(Entry.create("user:1", "Ada"));
        repository.saveAll(List.of(Entry.create("user:2", "Grace"), Entry.create("user:3", "Barbara")));
        assertEquals(3, repository.count());
        assertEquals("Ada", repository.findById("user:1").orElseThrow().text());

        repository.save(repository.findById("user:1").orElseThrow().withText("Ada L."));
        assertEquals("Ada L.", repository.findById("user:1").orElseThrow().text());

        repository.deleteById("user:2");
        assertFalse(repository.existsById("user:2"));
        assertEquals(2, repository.findAll().size());
    }

    @Test
    void derivedQuery_startingWith_ordersByKey() {
        repository.saveAll(List.of(Entry.create("a:1", "x"), Entry.create("a:2", "y"), Entry.create("b:1", "z")));
        assertEquals(List.of("a:2", "a:1"),
                repository.findByKeyStartingWithOrderByKeyDesc("a:").stream().map(Entry::getId).toList());
    }

    @Test
    void findAll_pageable_returnsPageAndTotal() {
        for (int i = 0; i < 7; i++) {
            repository.save(Entry.create("k" + i, "v" + i));
        }
        Page<Entry> page = repository.findAll(PageRequest.of(1, 3, Sort.by("key")));
        assertEquals(List.of("k3", "k4", "k5"), page.getContent().stream().map(Entry::getId).toList());
        assertEquals(7, page.getTotalElements());
        assertEquals(3, page.getTotalPages());
    }

    @Test
    void transaction_rolledBack_leavesNothing() {
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        tx.executeWithoutResult(status -> {
            repository.save(Entry.create("temp", "t"));
            assertTrue(repository.existsById("temp"), "a transaction sees its own writes");
            status.setRollbackOnly();
        });
        assertFalse(repository.existsById("temp"));
    }

    @Test
    void nestedPropagation_innerRollback_keepsTheOuterWrites() {
        TransactionTemplate outer = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        TransactionTemplate nested = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        outer.executeWithoutResult(status -> {
            repository.save(Entry.create("outer", "o"));
            nested.executeWithoutResult(inner -> {
                repository.save(Entry.create("inner", "i"));
                inner.setRollbackOnly();
            });
            assertFalse(repository.existsById("inner"), "rolled back to the savepoint");
            nested.executeWithoutResult(inner -> repository.save(Entry.create("inner2", "i")));
        });
        assertTrue(repository.existsById("outer"));
        assertTrue(repository.existsById("inner2"));
        assertFalse(repository.existsById("inner"));
    }

    /** The same lost race under both managers: JdbcTransactionManager translates the commit's 40001. */
    private RuntimeException conflictingCommit(PlatformTransactionManager manager) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO kv (key, value) VALUES (?, BYTES(?))", "counter", "1");
        KvDataSource other = new KvDataSource();
        other.setUrl(dataSource.getUrl());
        JdbcTemplate outside = new JdbcTemplate(other);
        TransactionTemplate tx = new TransactionTemplate(manager);
        RuntimeException e = assertThrows(RuntimeException.class, () -> tx.executeWithoutResult(status -> {
            String seen = jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "counter");
            outside.update("UPDATE kv SET value = BYTES(?) WHERE key = ?", "100", "counter");
            jdbc.update("UPDATE kv SET value = BYTES(?) WHERE key = ?", seen + "1", "counter");
        }));
        assertEquals("100", jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "counter"));
        return e;
    }

    @Test
    void commitConflict_jdbcTransactionManager_isConcurrencyFailure() {
        assertInstanceOf(ConcurrencyFailureException.class, conflictingCommit(new JdbcTransactionManager(dataSource)));
    }

    @Test
    void commitConflict_dataSourceTransactionManager_isTransactionSystemExceptionWith40001() {
        RuntimeException e = conflictingCommit(new DataSourceTransactionManager(dataSource));
        assertInstanceOf(TransactionSystemException.class, e);
        SQLException cause = assertInstanceOf(SQLException.class, e.getCause());
        assertEquals("40001", cause.getSQLState());
    }
}
