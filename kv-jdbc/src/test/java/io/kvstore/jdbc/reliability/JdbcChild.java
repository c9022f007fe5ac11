package io.kvstore.jdbc.reliability;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.SplittableRandom;

/**
 * The process the JDBC reliability ITs start (and kill with SIGKILL). Not a test: a main in test sources.
 *
 * <p>Arguments: {@code <jdbcUrl> <mode> <seqBase>}. Modes: {@code insert}: auto-commit INSERTs of key
 * {@code j<seq>} with value {@link #value(long)} through {@link DriverManager}, printing {@code A <seq>} after
 * each {@code executeUpdate} returned; {@code hold}: opens a connection, prints {@code HOLDING}, and waits (keeps
 * the store open, so another process finds it in use). Prints {@code OPENED} once connected. Exits by itself after
 * 60 s so that a lost child cannot run forever.
 */
public final class JdbcChild {
    private JdbcChild() {
    }

    /** The value inserted for seq: 1..300 pseudo-random bytes determined by seq. */
    static byte[] value(long seq) {
        SplittableRandom r = new SplittableRandom(seq * 0x9E3779B97F4A7C15L);
        byte[] v = new byte[1 + r.nextInt(300)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) r.nextInt(256);
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String mode = args[1];
        long base = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                return;
            }
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (Connection c = DriverManager.getConnection(url)) {
            emit(out, "OPENED");
            if (mode.equals("hold")) {
                emit(out, "HOLDING");
                Thread.sleep(60_000);
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (long seq = base; ; seq++) {
                    ps.setString(1, "j" + seq);
                    ps.setBytes(2, value(seq));
                    ps.executeUpdate();
                    emit(out, "A " + seq);
                }
            }
        }
    }

    private static void emit(PrintStream out, String line) {
        out.print(line);
        out.print('\n');
        out.flush();
    }
}
