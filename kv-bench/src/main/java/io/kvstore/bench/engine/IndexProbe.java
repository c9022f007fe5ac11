package io.kvstore.bench.engine;

import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.OrderedIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The engine's ordered index alone, one thread: {@code rows} keys {@code k%015d} inserted in random order, then
 * rounds of 300,000 replacements of random existing keys (an update's index work) and of 100,000 inserts of new
 * keys between them, publishing every 1,000 writes as the commit pipeline does per group; prints each round's
 * thread CPU per write. Run old and new jars alternately and compare the lowest rounds (the machine's load only
 * ever adds).
 *
 * <pre>java -cp kv-bench/target/kv-bench.jar io.kvstore.bench.engine.IndexProbe 200000 12</pre>
 */
public final class IndexProbe {
    private IndexProbe() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        OrderedIndex ix = new OrderedIndex();
        byte[][] keys = new byte[rows][];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        for (int i : order) {
            keys[i] = String.format("k%015d", i).getBytes(StandardCharsets.US_ASCII);
            ix.put(EntryRecord.encode(keys[i], new byte[100], 1, 0, 0));
        }
        ix.publish();
        SplittableRandom r = new SplittableRandom(1);
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            int n = 300_000;
            byte[][] recs = new byte[n][];
            for (int i = 0; i < n; i++) {
                recs[i] = EntryRecord.encode(keys[r.nextInt(rows)], new byte[100], 2, 0, 0);
            }
            double replace = cpuMicrosPerPut(ix, recs, tm);
            int m = 100_000;
            byte[][] ins = new byte[m][];
            for (int i = 0; i < m; i++) {
                ins[i] = EntryRecord.encode(String.format("k%015dx%d", r.nextInt(rows), round)
                        .getBytes(StandardCharsets.US_ASCII), new byte[10], 3, 0, 0);
            }
            double insert = cpuMicrosPerPut(ix, ins, tm);
            System.out.printf("round %d: replace %.3f us/put, insert %.3f us/put%n", round + 1, replace, insert);
        }
        System.out.println("entries " + ix.size());
    }

    /** Puts {@code recs}, publishing every 1,000 as a commit group does; this thread's CPU per put, µs. */
    private static double cpuMicrosPerPut(OrderedIndex ix, byte[][] recs, ThreadMXBean tm) {
        long t0 = tm.getCurrentThreadCpuTime();
        for (int i = 0; i < recs.length; i++) {
            ix.put(recs[i]);
            if (i % 1000 == 999) {
                ix.publish();
            }
        }
        return (tm.getCurrentThreadCpuTime() - t0) / 1e3 / recs.length;
    }
}
