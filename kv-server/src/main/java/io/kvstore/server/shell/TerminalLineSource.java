package io.kvstore.server.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Interactive command lines from the system terminal through JLine: line editing, command-name completion,
 * and history kept in a file across sessions. Ctrl-C abandons the line being typed; Ctrl-D on an empty line
 * ends the input. History expansion ({@code !}) is off, so values may contain {@code !}. Not thread-safe.
 */
final class TerminalLineSource implements LineSource {
    private final Terminal terminal;
    private final LineReader reader;
    private final String prompt;

    private TerminalLineSource(Terminal terminal, LineReader reader, String prompt) {
        this.terminal = terminal;
        this.reader = reader;
        this.prompt = prompt;
    }

    /**
     * Opens the system terminal.
     *
     * @param historyFile where history is read from and appended to, or null for none
     * @throws UncheckedIOException the terminal could not be opened
     */
    static TerminalLineSource open(String prompt, Path historyFile) {
        try {
            // JNA and Jansi are not in the all-in-one jar: go straight to the exec-based (stty) terminal.
            Terminal terminal = TerminalBuilder.builder().system(true).name("kvstore")
                    .jna(false).jansi(false).build();
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("kvstore")
                    .completer(new StringsCompleter(ShellSession.COMMANDS))
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.CASE_INSENSITIVE, true)
                    .option(LineReader.Option.HISTORY_IGNORE_SPACE, true);
            if (historyFile != null) {
                builder.variable(LineReader.HISTORY_FILE, historyFile);
            }
            return new TerminalLineSource(terminal, builder.build(), prompt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** The terminal's writer: replies go here so that they interleave correctly with the prompt. */
    PrintWriter writer() {
        return terminal.writer();
    }

    @Override
    public String readLine() {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
