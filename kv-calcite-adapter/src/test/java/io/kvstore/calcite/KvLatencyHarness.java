package io.kvstore.calcite;

import io.kvstore.engine.KvStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;

/**
 * Measures, through a {@link KvCalcite} connection over an in-memory store of 100k entries with 100-byte values:
 * a prepared point lookup ({@code select value from kv where key = ?}, µs/op) and an ad-hoc literal point lookup
 * through {@code Statement.executeQuery} (parse, plan and compile every time, ms/op). A harness, not a test: run
 * {@code java -cp <test classpath> io.kvstore.calcite.KvLatencyHarness [entries] [preparedOps] [adHocOps]}.
 */
public final class KvLatencyHarness {
    private KvLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int preparedOps = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int adHocOps = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        byte[] value = new byte[100];
        try (KvStore store = KvStore.inMemory()) {
            for (int i = 0; i < entries; i++) {
                store.put(("key" + i).getBytes(StandardCharsets.UTF_8), value);
            }
            try (Connection c = KvCalcite.connect(KvSession.autoCommit(store), null)) {
                Random rnd = new Random(1);
                try (PreparedStatement ps = c.prepareStatement("select value from kv where key = ?")) {
                    runPrepared(ps, rnd, entries, preparedOps / 4); // warm-up
                    long t0 = System.nanoTime();
                    long found = runPrepared(ps, rnd, entries, preparedOps);
                    double us = (System.nanoTime() - t0) / 1e3 / preparedOps;
                    System.out.printf("prepared point lookup: %.2f us/op (%d ops, %d found)%n", us, preparedOps, found);
                }
                try (Statement s = c.createStatement()) {
                    runAdHoc(s, rnd, entries, Math.max(20, adHocOps / 4)); // warm-up
                    long t0 = System.nanoTime();
                    long found = runAdHoc(s, rnd, entries, adHocOps);
                    double ms = (System.nanoTime() - t0) / 1e6 / adHocOps;
                    System.out.printf("ad-hoc literal point lookup: %.2f ms/op (%d ops, %d found)%n", ms, adHocOps,
                            found);
                }
            }
        }
    }

    private static long runPrepared(PreparedStatement ps, Random rnd, int entries, int ops) throws Exception {
        long found = 0;
        for (int i = 0; i < ops; i++) {
            ps.setString(1, "key" + rnd.nextInt(entries));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found += rs.getBytes(1).length == 100 ? 1 : 0;
                }
            }
        }
        return found;
    }

    private static long runAdHoc(Statement s, Random rnd, int entries, int ops) throws Exception {
        long found = 0;
        for (int i = 0; i < ops; i++) {
            try (ResultSet rs = s.executeQuery("select value from kv where key = 'key" + rnd.nextInt(entries) + "'")) {
                if (rs.next()) {
                    found++;
                }
            }
        }
        return found;
    }
}
