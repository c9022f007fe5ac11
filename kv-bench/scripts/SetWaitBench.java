import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable-write client for docs/benchmarks.md "Replication operations": C connections, each sending SET of a
 * random key (100-byte value) followed by {@code WAIT 1 0} in one write, and waiting for both replies before the
 * next pair; prints requests (SETs) per second and p50/p99 latency of a pair. With {@code --no-wait} only SETs.
 * Written for Redis with one replica (WAIT 1 0: the write reached the replica before the client goes on) and run
 * unchanged against kvstore (where WAIT 1 0 answers at once: every acknowledged write is already on a majority).
 *
 * <pre>java kv-bench/scripts/SetWaitBench.java PORT CLIENTS REQUESTS [--no-wait]</pre>
 */
public class SetWaitBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        int total = Integer.parseInt(args[2]);
        boolean wait = !(args.length > 3 && args[3].equals("--no-wait"));
        int per = Math.max(1, total / clients);
        long[][] lat = new long[clients][per];
        AtomicLong errors = new AtomicLong();
        Thread[] ts = new Thread[clients];
        String value = "x".repeat(100);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            ts[c] = new Thread(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    for (int i = 0; i < per; i++) {
                        String key = "key:" + ThreadLocalRandom.current().nextInt(1_000_000);
                        StringBuilder b = new StringBuilder();
                        b.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                                .append("\r\n$100\r\n").append(value).append("\r\n");
                        if (wait) {
                            b.append("*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$1\r\n0\r\n");
                        }
                        long t0 = System.nanoTime();
                        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (readLine(in).startsWith("-")) {
                            errors.incrementAndGet();
                        }
                        if (wait && readLine(in).startsWith("-")) {
                            errors.incrementAndGet();
                        }
                        lat[id][i] = System.nanoTime() - t0;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    System.err.println("client " + id + ": " + e);
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).filter(x -> x > 0).sorted().toArray();
        System.out.printf("%s: %d clients, %d SETs%s in %.2f s: %.0f SET/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                "SetWaitBench", clients, all.length, wait ? " each followed by WAIT 1 0" : "", secs, all.length / secs,
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, errors.get());
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
