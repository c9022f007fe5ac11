package io.kvstore.server.shell;

import io.kvstore.engine.KvException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvStoreInUseException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@code kvstore shell} command: a Redis-like command line working directly on the engine
 * ({@link KvStore}), without SQL. See {@link ShellSession} for the commands.
 *
 * <p>Usage: {@code KvShell [--read-only] [--salvage] [path | mem:]}; the store defaults to {@code ./kvdata} and is created if missing;
 * {@code mem:} opens an in-memory store that is discarded on exit. When standard input and output are a
 * terminal, lines are read with JLine (editing, completion, history in {@code ~/.kvstore_history}) after a
 * prompt; otherwise (piped input, scripts, tests) lines are read plainly with no prompt or banner, so the
 * output holds exactly the replies.
 *
 * <p>Exit status: 0; 1 when input was not a terminal and at least one command printed an {@code (error)};
 * 2 for bad arguments or a store that cannot be opened (for example locked by another process). The store is
 * closed on QUIT, at end of input, and on SIGINT/SIGTERM outside a prompt.
 */
public final class KvShell {
    static final String DEFAULT_PATH = "kvdata";
    static final String USAGE = "usage: kvstore shell [--read-only] [--salvage] [path | mem:]   (default path: ./"
            + DEFAULT_PATH + ")\n  --read-only  open without writing anything (writes answer an error)\n"
            + "  --salvage    on corruption, keep what precedes the damage and move the damaged files aside";
    private static final String PROMPT = "kvstore> ";

    private KvShell() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err, System.console() != null);
        System.exit(status);
    }

    /**
     * Runs a whole shell session and returns its exit status. With {@code interactive} false, commands are read
     * from {@code in} and replies written to {@code out}; with it true, the system terminal is used instead.
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        String target = null;
        boolean readOnly = false;
        boolean salvage = false;
        for (String a : args) {
            switch (a) {
                case "-h", "--help" -> {
                    err.println(USAGE);
                    return 0;
                }
                case "--read-only" -> readOnly = true;
                case "--salvage" -> salvage = true;
                default -> {
                    if (a.startsWith("-") || target != null) {
                        err.println("kvstore shell: unexpected argument " + a);
                        err.println(USAGE);
                        return 2;
                    }
                    target = a;
                }
            }
        }
        if (target == null) {
            target = DEFAULT_PATH;
        }
        KvOptions options = KvOptions.builder().readOnly(readOnly).salvage(salvage).build();
        KvStore store;
        try {
            store = target.equals("mem:") ? KvStore.inMemory() : KvStore.open(Path.of(target), options);
        } catch (KvStoreInUseException e) {
            err.println("kvstore: " + e.getMessage());
            err.println("kvstore: close the other program using this store (only one process may open it),"
                    + " or reach it through its server (./kvstore server, then redis-cli)");
            return 2;
        } catch (KvException e) {
            err.println("kvstore: cannot open " + target + ": " + e.getMessage());
            if (e instanceof io.kvstore.engine.KvCorruptionException && !salvage) {
                err.println("kvstore: --salvage opens it with what precedes the damage (the damaged files are moved aside)");
            }
            return 2;
        }
        Thread closer = new Thread(store::close, "kvstore-shell-close");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            return interactive ? interactive(store) : batch(store, in, out);
        } catch (UncheckedIOException e) {
            err.println("kvstore: " + e.getMessage());
            return 2;
        } finally {
            try {
                store.close();
            } catch (KvException e) {
                err.println("kvstore: closing the store failed: " + e.getMessage());
            }
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it will find the store closed
            }
        }
    }

    private static int batch(KvStore store, InputStream in, PrintStream out) {
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        ShellSession session = new ShellSession(store, writer);
        LineSource lines = LineSource.of(in);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (session.execute(line) == ShellSession.Outcome.QUIT) {
                break;
            }
        }
        writer.flush();
        return session.errors() == 0 ? 0 : 1;
    }

    private static int interactive(KvStore store) {
        Path history = Path.of(System.getProperty("user.home"), ".kvstore_history");
        try (TerminalLineSource lines = TerminalLineSource.open(PROMPT, history)) {
            PrintWriter writer = lines.writer();
            writer.println("kvstore shell on " + (store.directory() == null ? "an in-memory store" : store.directory())
                    + ". Type HELP for commands, QUIT to leave.");
            writer.flush();
            ShellSession session = new ShellSession(store, writer);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (session.execute(line) == ShellSession.Outcome.QUIT) {
                    break;
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
