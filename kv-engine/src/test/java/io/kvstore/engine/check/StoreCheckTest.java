package io.kvstore.engine.check;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCheckTest {
    @TempDir
    Path dir;

    private void fill(int n) {
        try (KvStore s = KvStore.open(dir)) {
            for (int i = 0; i < n; i++) {
                s.put(("k" + i).getBytes(UTF_8), ("value-" + i).getBytes(UTF_8));
            }
        }
    }

    private Path onlyWalSegment() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> wal = files.filter(p -> p.getFileName().toString().startsWith("wal-")
                    && p.getFileName().toString().endsWith(".log")).sorted().toList();
            return wal.get(0);
        }
    }

    @Test
    void check_cleanStore_reportsOkWithCounts() {
        fill(20);
        StoreCheck.Report r = StoreCheck.check(dir);
        assertEquals(StoreCheck.Verdict.OK, r.verdict(), r.message());
        assertEquals(20, r.lastLsn());
        assertEquals(20, r.walRecords());
    }

    @Test
    void check_bitFlipInMiddleOfWal_reportsCorruptionNamingFile() throws Exception {
        fill(50);
        Path seg = onlyWalSegment();
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(seg, bytes);
        StoreCheck.Report r = StoreCheck.check(dir);
        assertEquals(StoreCheck.Verdict.CORRUPT, r.verdict(), r.message());
        assertTrue(r.message().contains(seg.getFileName().toString()), r.message());
        assertTrue(r.message().contains("offset"), r.message());
        assertTrue(r.message().contains("salvage=true") && r.message().contains("./kvstore sql"), r.message());
    }

    @Test
    void check_tornTail_isOkAndReportsTail() throws Exception {
        fill(10);
        Path seg = onlyWalSegment();
        byte[] bytes = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        StoreCheck.Report r = StoreCheck.check(dir);
        assertEquals(StoreCheck.Verdict.OK, r.verdict(), r.message());
        assertEquals(9, r.lastLsn());
        assertTrue(r.tornTailBytes() > 0);
        assertEquals(bytes.length - 5, Files.size(seg), "check must not modify the store");
    }

    @Test
    void check_storeOpenElsewhere_reportsInUse() {
        try (KvStore s = KvStore.open(dir)) {
            StoreCheck.Report r = StoreCheck.check(dir);
            assertEquals(StoreCheck.Verdict.ERROR, r.verdict());
            assertTrue(r.message().contains("already open") || r.message().contains("in use"), r.message());
        }
    }

    @Test
    void run_missingDirectory_exitCode2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StoreCheck.run(List.of(dir.resolve("nope").toString()), new PrintStream(out, true, UTF_8));
        assertEquals(2, code);
        assertTrue(out.toString(UTF_8).contains("not a store directory"));
    }

    @Test
    void run_help_exitsZeroAndSaysHowToSalvage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StoreCheck.run(List.of("--help"), new PrintStream(out, true, UTF_8));
        assertEquals(0, code);
        String text = out.toString(UTF_8);
        assertTrue(text.startsWith("usage: kvstore check"), text);
        assertTrue(text.contains(";salvage=true'"), text);
    }

    @Test
    void run_noArguments_exitCode64() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(64, StoreCheck.run(List.of(), new PrintStream(out, true, UTF_8)));
    }
}
