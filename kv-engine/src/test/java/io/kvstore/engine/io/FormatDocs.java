package io.kvstore.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the worked examples out of the format specifications in {@code docs/format/}, so that the tests decode
 * exactly the bytes the documentation shows and the two cannot drift apart.
 */
public final class FormatDocs {
    private FormatDocs() {
    }

    /** {@code docs/format/<name>}, found by walking up from the working directory (the module's directory). */
    public static Path spec(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("docs").resolve("format").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/format/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The bytes of the first {@code ```hex} fenced block of the spec: pairs of hex digits separated by white
     * space, everything after {@code #} on a line being a comment.
     */
    public static byte[] hexExample(String name) throws IOException {
        return hexExample(name, 0);
    }

    /** {@link #hexExample(String)} for the {@code index}-th (from 0) {@code ```hex} block. */
    public static byte[] hexExample(String name, int index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean inBlock = false;
        boolean found = false;
        int seen = 0;
        for (String line : Files.readAllLines(spec(name))) {
            String trimmed = line.trim();
            if (!inBlock) {
                if (trimmed.equals("```hex") && seen++ == index) {
                    inBlock = true;
                    found = true;
                }
                continue;
            }
            if (trimmed.startsWith("```")) {
                break;
            }
            int hash = trimmed.indexOf('#');
            String data = (hash >= 0 ? trimmed.substring(0, hash) : trimmed).trim();
            if (data.isEmpty()) {
                continue;
            }
            for (String token : data.split("\\s+")) {
                if (token.length() != 2) {
                    throw new IllegalStateException("not a hex byte in " + name + ": '" + token + "' in: " + line);
                }
                out.write(Integer.parseInt(token, 16));
            }
        }
        if (!found) {
            throw new IllegalStateException("no ```hex block number " + index + " in " + name);
        }
        return out.toByteArray();
    }
}
