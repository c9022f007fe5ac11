package io.kvstore.jdbc.it;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;

/**
 * Main class run by {@link AllJarIT} in a child JVM whose class path is the all-in-one jar (plus this class):
 * prints the registered JDBC drivers, whether unrelocated Guava is visible, whether Hibernate and Spring Data
 * are (they must not be: the driver has to work without the frameworks its integration classes are for), and the row count of a fresh
 * in-memory store reached through {@link DriverManager}.
 */
public final class DriverProbe {
    private DriverProbe() {
    }

    public static void main(String[] args) throws Exception {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            System.out.println("driver: " + d.getClass().getName());
        }
        System.out.println("unrelocated-guava: " + visible("com.google.common.collect.ImmutableList"));
        System.out.println("unrelocated-jackson: " + visible("com.fasterxml.jackson.databind.ObjectMapper"));
        System.out.println("hibernate: " + visible("org.hibernate.dialect.Dialect"));
        System.out.println("spring-data: " + visible("org.springframework.data.relational.core.dialect.Dialect"));
        try (Connection c = DriverManager.getConnection(args[0]);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM kv")) {
            r.next();
            System.out.println("driver-used: " + c.getMetaData().getDriverName());
            System.out.println("count: " + r.getLong(1));
        }
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, DriverProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
