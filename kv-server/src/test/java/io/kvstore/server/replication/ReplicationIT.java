package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.server.replication.LinearizabilityChecker.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Three server processes on 127.0.0.1 under write load from several Jedis clients, through kill -9 of the leader
 * and its restart, kill -9 of a follower, SIGSTOP/SIGCONT of the leader and a restart of all three: every
 * acknowledged write is on every node, the nodes' contents are equal, no INCR counts twice, and the histories of
 * two registers recorded by the clients are linearizable.
 */
class ReplicationIT {
    @TempDir
    Path dir;

    /** Errors that prove the command was not executed (refused before it ran). */
    private static boolean notApplied(String msg) {
        return msg.startsWith("READONLY") || msg.startsWith("MOVED") || msg.startsWith("LOADING")
                || msg.startsWith("TRYAGAIN no raft leader");
    }

    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> ackedIncr = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> unknownIncr = new ConcurrentHashMap<>();
    private final Map<String, List<Op>> histories = new ConcurrentHashMap<>();
    private final List<String> anomalies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void faultsUnderLoad_everyAcknowledgedWriteOnEveryNode_linearizable() throws Exception {
        try (RaftCluster c = new RaftCluster(dir, 3)) {
            c.startAll();
            int leader = c.awaitLeader(60_000);
            assertTrue(leader >= 0, "no leader elected");
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(start(writer(c, t)));
            }
            for (int t = 0; t < 3; t++) {
                clients.add(start(registerClient(c, t)));
            }
            Thread.sleep(3000);

            // kill -9 of the leader, then its restart
            c.kill(leader);
            long t0 = System.nanoTime();
            int next = c.awaitLeader(30_000);
            System.out.printf("new leader n%d serving %d ms after kill -9 of n%d%n", next + 1,
                    (System.nanoTime() - t0) / 1_000_000, leader + 1);
            assertTrue(next >= 0, "no new leader after kill -9");
            Thread.sleep(1500);
            c.start(leader);
            Thread.sleep(1500);

            // kill -9 of a follower, then its restart
            int follower = (next + 1) % 3;
            c.kill(follower);
            Thread.sleep(2000);
            c.start(follower);
            Thread.sleep(1500);

            // SIGSTOP of the leader for four seconds
            int paused = c.awaitLeader(30_000);
            c.pause(paused);
            Thread.sleep(4000);
            c.resume(paused);
            Thread.sleep(3000);

            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
            assertTrue(anomalies.isEmpty(), () -> "client anomalies: " + anomalies);
            System.out.printf("acknowledged %d SETs (%d unknown), INCRs %s (unknown %s)%n", acked.size(),
                    unknown.size(), ackedIncr, unknownIncr);
            assertTrue(acked.size() > 50, "too few acknowledged writes to mean anything: " + acked.size());
            checkConverged(c, "after the faults");

            // restart all three (kill -9: the store runs without its own fsync; the raft log is the durable log)
            for (int i = 0; i < 3; i++) {
                c.kill(i);
            }
            c.startAll();
            assertTrue(c.awaitLeader(60_000) >= 0, "no leader after restarting all three");
            checkConverged(c, "after restarting all three");

            for (Map.Entry<String, List<Op>> h : histories.entrySet()) {
                assertTrue(LinearizabilityChecker.isLinearizable(h.getValue(), null),
                        () -> "history of " + h.getKey() + " is not linearizable: " + h.getValue());
            }
        }
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until all nodes hold the same contents, then checks acknowledged writes and counters. */
    private void checkConverged(RaftCluster c, String when) throws Exception {
        List<Map<String, String>> all = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            all.clear();
            for (int i = 0; i < c.size(); i++) {
                all.add(c.contents(i));
            }
            if ((all.get(0).equals(all.get(1)) && all.get(1).equals(all.get(2)) && all.get(0).keySet()
                    .containsAll(acked.keySet())) || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(all.get(0), all.get(1), "n1 and n2 differ " + when);
        assertEquals(all.get(0), all.get(2), "n1 and n3 differ " + when);
        Map<String, String> m = all.get(0);
        for (Map.Entry<String, String> e : acked.entrySet()) {
            assertEquals(e.getValue(), m.get(e.getKey()), "acknowledged write of " + e.getKey() + " lost " + when);
        }
        for (Map.Entry<String, AtomicLong> e : ackedIncr.entrySet()) {
            long v = Long.parseLong(m.getOrDefault(e.getKey(), "0"));
            long u = unknownIncr.getOrDefault(e.getKey(), new AtomicLong()).get();
            assertTrue(v >= e.getValue().get() && v <= e.getValue().get() + u, e.getKey() + " = " + v
                    + " but " + e.getValue() + " increments were acknowledged and " + u + " unknown " + when);
        }
    }

    /** A client that sends SETs of fresh keys and INCRs of its counter to whichever node leads. */
    private Runnable writer(RaftCluster c, int id) {
        return () -> {
            Jedis j = null;
            String counter = "c" + id;
            ackedIncr.put(counter, new AtomicLong());
            unknownIncr.put(counter, new AtomicLong());
            long lastIncr = 0;
            for (int i = 0; !stop.get(); i++) {
                if (j == null) {
                    j = connectToLeader(c);
                    if (j == null) {
                        continue;
                    }
                }
                boolean incr = i % 3 == 2;
                String key = "w" + id + ":" + i;
                String value = "v" + id + "-" + i;
                try {
                    if (incr) {
                        long v = j.incr(counter);
                        ackedIncr.get(counter).incrementAndGet();
                        if (v <= lastIncr) {
                            anomalies.add(counter + " went from " + lastIncr + " to " + v);
                        }
                        lastIncr = v;
                    } else if ("OK".equals(j.set(key, value))) {
                        acked.put(key, value);
                    }
                } catch (JedisDataException e) {
                    if (!notApplied(e.getMessage())) {
                        if (incr) {
                            unknownIncr.get(counter).incrementAndGet();
                        } else {
                            unknown.add(key);
                        }
                    }
                    j.close();
                    j = null;
                } catch (JedisConnectionException e) {
                    if (incr) {
                        unknownIncr.get(counter).incrementAndGet();
                    } else {
                        unknown.add(key);
                    }
                    j.close();
                    j = null;
                }
            }
            if (j != null) {
                j.close();
            }
        };
    }

    /** A client that reads and writes two registers (fresh values), recording each operation's interval. */
    private Runnable registerClient(RaftCluster c, int id) {
        return () -> {
            Random rnd = new Random(id);
            Jedis j = null;
            for (int n = 0; !stop.get(); n++) {
                if (j == null) {
                    j = connectToLeader(c);
                    if (j == null) {
                        continue;
                    }
                }
                String key = "r" + rnd.nextInt(2);
                List<Op> h = histories.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
                boolean write = rnd.nextBoolean();
                String value = "t" + id + "-" + n;
                long inv = System.nanoTime();
                try {
                    if (write) {
                        j.set(key, value);
                        h.add(Op.write(value, inv, System.nanoTime()));
                    } else {
                        String got = j.get(key);
                        h.add(Op.read(got, inv, System.nanoTime()));
                    }
                } catch (JedisDataException e) {
                    if (write && !notApplied(e.getMessage())) {
                        h.add(Op.write(value, inv, LinearizabilityChecker.UNKNOWN));
                    }
                    j.close();
                    j = null;
                } catch (JedisConnectionException e) {
                    if (write) {
                        h.add(Op.write(value, inv, LinearizabilityChecker.UNKNOWN));
                    }
                    j.close();
                    j = null;
                }
            }
            if (j != null) {
                j.close();
            }
        };
    }

    private Jedis connectToLeader(RaftCluster c) {
        int l = c.leader();
        if (l < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
        return new Jedis("127.0.0.1", c.respPort(l), 5000);
    }
}
