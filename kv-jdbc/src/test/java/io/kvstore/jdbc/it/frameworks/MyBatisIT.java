package io.kvstore.jdbc.it.frameworks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.jdbc.KvDataSource;
import java.nio.file.Files;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.RowBounds;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MyBatis 3.5 with an annotated mapper over {@link KvDataSource}, as its users write it: CRUD, a LIKE query, paging
 * with LIMIT/OFFSET parameters and with RowBounds, and a session rolled back.
 */
class MyBatisIT {
    /** A row of kv. */
    public static class Entry {
        private String key;
        private byte[] value;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public byte[] getValue() {
            return value;
        }

        public void setValue(byte[] value) {
            this.value = value;
        }
    }

    /** The mapper. */
    public interface KvMapper {
        @Insert("INSERT INTO kv (key, value) VALUES (#{key}, #{value})")
        int insert(@Param("key") String key, @Param("value") byte[] value);

        @Select("SELECT key, value FROM kv WHERE key = #{key}")
        Entry find(String key);

        @Update("UPDATE kv SET value = #{value} WHERE key = #{key}")
        int update(@Param("key") String key, @Param("value") byte[] value);

        @Delete("DELETE FROM kv WHERE key = #{key}")
        int delete(String key);

        @Select("SELECT key FROM kv WHERE key LIKE #{pattern} ORDER BY key LIMIT #{limit} OFFSET #{offset}")
        List<String> page(@Param("pattern") String pattern, @Param("limit") int limit, @Param("offset") int offset);

        @Select("SELECT key FROM kv WHERE key LIKE CAST(#{prefix} AS VARCHAR) || '%' ORDER BY key")
        List<String> keys(@Param("prefix") String prefix, RowBounds bounds);

        @Select("SELECT COUNT(*) FROM kv")
        long count();
    }

    private SqlSessionFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        KvDataSource ds = new KvDataSource();
        ds.setUrl("jdbc:kvstore:" + Files.createTempDirectory("kv-mybatis").resolve("store"));
        Configuration cfg = new Configuration(new Environment("test", new JdbcTransactionFactory(), ds));
        cfg.addMapper(KvMapper.class);
        factory = new SqlSessionFactoryBuilder().build(cfg);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void crud_insertFindUpdateDelete_roundTrips() {
        try (SqlSession s = factory.openSession()) {
            KvMapper m = s.getMapper(KvMapper.class);
            assertEquals(1, m.insert("user:1", utf8("Ada")));
            assertEquals(1, m.insert("user:2", utf8("Grace")));
            assertArrayEquals(utf8("Ada"), m.find("user:1").getValue());
            assertEquals(1, m.update("user:1", utf8("Ada L.")));
            assertEquals(1, m.delete("user:2"));
            s.commit();
        }
        try (SqlSession s = factory.openSession()) {
            KvMapper m = s.getMapper(KvMapper.class);
            assertArrayEquals(utf8("Ada L."), m.find("user:1").getValue());
            assertNull(m.find("user:2"));
            assertEquals(1, m.count());
        }
    }

    @Test
    void query_likeWithLimitOffsetAndRowBounds_returnsThePage() {
        try (SqlSession s = factory.openSession(true)) {
            KvMapper m = s.getMapper(KvMapper.class);
            for (int i = 0; i < 7; i++) {
                m.insert("user:" + i, utf8("v" + i));
            }
            m.insert("other", utf8("x"));
            assertEquals(List.of("user:2", "user:3", "user:4"), m.page("user:%", 3, 2));
            assertEquals(List.of("user:5", "user:6"), m.keys("user:", new RowBounds(5, 10)));
        }
    }

    @Test
    void session_rolledBack_leavesNothing() {
        try (SqlSession s = factory.openSession()) {
            KvMapper m = s.getMapper(KvMapper.class);
            m.insert("temp", utf8("t"));
            assertArrayEquals(utf8("t"), m.find("temp").getValue(), "a transaction sees its own writes");
            s.rollback(true);
        }
        try (SqlSession s = factory.openSession()) {
            assertNull(s.getMapper(KvMapper.class).find("temp"));
        }
    }
}
