package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvstore.engine.KvStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
    @TempDir
    Path dir;

    @Test
    void write_thenRead_sameEntriesAndHeader() throws IOException {
        try (KvStore store = KvStore.inMemory()) {
            for (int i = 0; i < 1000; i++) {
                store.put(("k" + i).getBytes(), ("v" + i).getBytes());
            }
            store.put("ttl".getBytes(), "x".getBytes(), System.currentTimeMillis() + 3_600_000);
            Path f = dir.resolve("snap");
            assertEquals(1001, SnapshotFile.write(store, 3, 77, f));
            Map<String, String> seen = new LinkedHashMap<>();
            long[] exp = new long[1];
            SnapshotFile.Header h = SnapshotFile.read(f, (k, v, e) -> {
                seen.put(new String(k), new String(v));
                if (new String(k).equals("ttl")) {
                    exp[0] = e;
                }
            });
            assertEquals(new SnapshotFile.Header(3, 77, 1001), h);
            assertEquals("v999", seen.get("k999"));
            assertEquals(1001, seen.size());
            assertEquals(store.expiresAt("ttl".getBytes()), exp[0]);
        }
    }

    @Test
    void read_damagedByte_throws() throws IOException {
        try (KvStore store = KvStore.inMemory()) {
            store.put("a".getBytes(), "b".getBytes());
            Path f = dir.resolve("snap");
            SnapshotFile.write(store, 1, 1, f);
            byte[] bytes = Files.readAllBytes(f);
            bytes[22] ^= 1;
            Files.write(f, bytes);
            assertThrows(IOException.class, () -> SnapshotFile.read(f, (k, v, e) -> { }));
        }
    }

    /** The example of docs/format/raft-snapshot.md: one entry a=42 at term 1, index 5. */
    @Test
    void read_documentedExample() throws IOException {
        Path f = dir.resolve("example");
        Files.write(f, HexFormat.of().parseHex("4b56525301" + "0000000000000001" + "0000000000000005"
                + "01" + "00000001" + "61" + "0000000000000000" + "00000002" + "3432"
                + "00" + "0000000000000001" + "987eabed"));
        Map<String, String> seen = new LinkedHashMap<>();
        try {
            SnapshotFile.Header h = SnapshotFile.read(f, (k, v, e) -> seen.put(new String(k, StandardCharsets.UTF_8),
                    new String(v, StandardCharsets.UTF_8)));
            assertEquals(new SnapshotFile.Header(1, 5, 1), h);
            assertEquals(Map.of("a", "42"), seen);
        } catch (IOException e) {
            // print the right checksum for the documentation, then fail
            byte[] b = Files.readAllBytes(f);
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(b, 0, b.length - 4);
            throw new AssertionError("crc32c should be " + Long.toHexString(c.getValue()), e);
        }
        assertArrayEquals(Files.readAllBytes(f), exampleWritten());
    }

    private byte[] exampleWritten() throws IOException {
        try (KvStore store = KvStore.inMemory()) {
            store.put("a".getBytes(), "42".getBytes());
            Path g = dir.resolve("written");
            SnapshotFile.write(store, 1, 5, g);
            return Files.readAllBytes(g);
        }
    }
}
