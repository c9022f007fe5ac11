package io.kvstore.server.shell;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the shell's command lines come from: an interactive terminal ({@link TerminalLineSource}) or a plain
 * stream such as piped standard input ({@link #of(InputStream)}). Not thread-safe.
 */
interface LineSource extends Closeable {
    /**
     * The next line without its terminator, or null at end of input (Ctrl-D on a terminal).
     *
     * @throws UncheckedIOException the input failed
     */
    String readLine();

    /** A source that reads UTF-8 lines from a stream and never prompts; closing it does not close the stream. */
    static LineSource of(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new LineSource() {
            @Override
            public String readLine() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
