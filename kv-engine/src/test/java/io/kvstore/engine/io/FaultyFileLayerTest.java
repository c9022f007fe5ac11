package io.kvstore.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultyFileLayerTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + 1);
        }
        return b;
    }

    /** Creates {@code name} holding {@code content}, forced and with the directory synced. */
    private Path durableFile(FaultyFileLayer fs, String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (FileChannel ch = fs.open(p, true, false)) {
            FileIo.writeFully(ch, 0, content, 0, content.length);
            ch.force(true);
        }
        fs.syncDirectory(dir);
        return p;
    }

    @Test
    void crash_unforcedAppend_isDropped() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(1);
        byte[] durable = bytes(100, 1);
        Path p = durableFile(fs, "f", durable);
        try (FileChannel ch = fs.open(p, false, false)) {
            FileIo.writeFully(ch, 100, bytes(5000, 2), 0, 5000);
            FileIo.writeFully(ch, 10, bytes(10, 3), 0, 10); // an overwrite, too
            assertEquals(5010, fs.unforcedBytes());
            fs.crash();
        }
        assertArrayEquals(durable, Files.readAllBytes(p));
        assertEquals(0, fs.unforcedBytes());
    }

    @Test
    void crash_forcedData_survives() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(2);
        Path p = durableFile(fs, "f", bytes(10, 1));
        byte[] more = bytes(20, 2);
        FileChannel ch = fs.open(p, false, false);
        FileIo.writeFully(ch, 10, more, 0, more.length);
        ch.force(false);
        FileIo.writeFully(ch, 30, bytes(7, 3), 0, 7);
        fs.crash();
        byte[] expected = new byte[30];
        System.arraycopy(bytes(10, 1), 0, expected, 0, 10);
        System.arraycopy(more, 0, expected, 10, 20);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void crash_channelAfterCrash_throws() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(3);
        Path p = durableFile(fs, "f", bytes(10, 1));
        FileChannel ch = fs.open(p, false, false);
        fs.crash();
        assertThrows(IOException.class, () -> ch.write(ByteBuffer.wrap(new byte[1]), 0));
        assertThrows(IOException.class, () -> ch.force(true));
        ch.close();
        assertArrayEquals(bytes(10, 1), Files.readAllBytes(p));
    }

    @Test
    void crashTear_unforcedWrites_leaveAPrefixOfTheWrittenBytes() throws IOException {
        byte[] durable = bytes(50, 1);
        byte[] tail = bytes(3000, 2);
        boolean sawPartial = false;
        for (long seed = 0; seed < 40; seed++) {
            FaultyFileLayer fs = new FaultyFileLayer(seed);
            Path p = durableFile(fs, "f" + seed, durable);
            FileChannel ch = fs.open(p, false, false);
            for (int off = 0; off < tail.length; off += 1000) {
                FileIo.writeFully(ch, 50 + off, tail, off, 1000);
            }
            fs.crash(FaultyFileLayer.CrashMode.TEAR);
            byte[] after = Files.readAllBytes(p);
            assertTrue(after.length >= 50 && after.length <= 3050, "length " + after.length);
            assertArrayEquals(durable, Arrays.copyOf(after, 50));
            assertArrayEquals(Arrays.copyOf(tail, after.length - 50), Arrays.copyOfRange(after, 50, after.length));
            sawPartial |= after.length > 50 && after.length < 3050;
        }
        assertTrue(sawPartial);
    }

    @Test
    void crashReorder_unforcedWrite_keepsWholePagesOrZeros() throws IOException {
        byte[] data = bytes(4 * FaultyFileLayer.PAGE, 5);
        boolean sawHole = false;
        for (long seed = 0; seed < 20; seed++) {
            FaultyFileLayer fs = new FaultyFileLayer(seed);
            Path p = dir.resolve("r" + seed);
            FileChannel ch = fs.open(p, true, false);
            ch.force(true);
            fs.syncDirectory(dir);
            FileIo.writeFully(ch, 0, data, 0, data.length);
            fs.crash(FaultyFileLayer.CrashMode.REORDER);
            byte[] after = Files.readAllBytes(p);
            for (int page = 0; page * FaultyFileLayer.PAGE < after.length; page++) {
                int from = page * FaultyFileLayer.PAGE;
                byte[] got = Arrays.copyOfRange(after, from, from + FaultyFileLayer.PAGE);
                boolean kept = Arrays.equals(got, Arrays.copyOfRange(data, from, from + FaultyFileLayer.PAGE));
                boolean zero = Arrays.equals(got, new byte[FaultyFileLayer.PAGE]);
                assertTrue(kept || zero, "page " + page + " is neither the data nor zeros");
                sawHole |= zero;
            }
        }
        assertTrue(sawHole);
    }

    @Test
    void force_injectedFailure_throwsAndLosesTheDataEvenAfterALaterForce() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(6);
        Path p = durableFile(fs, "f", bytes(10, 1));
        FileChannel ch = fs.open(p, false, false);
        FileIo.writeFully(ch, 10, bytes(10, 2), 0, 10);
        fs.failForces(1);
        IOException e = assertThrows(IOException.class, () -> ch.force(false));
        assertTrue(e.getMessage().contains("fsync"));
        FileIo.writeFully(ch, 20, bytes(10, 3), 0, 10);
        ch.force(false); // succeeds, but the pages of the failed force are gone (fsyncgate)
        fs.crash();
        byte[] after = Files.readAllBytes(p);
        assertEquals(30, after.length);
        assertArrayEquals(bytes(10, 1), Arrays.copyOf(after, 10));
        assertArrayEquals(new byte[10], Arrays.copyOfRange(after, 10, 20));
        assertArrayEquals(bytes(10, 3), Arrays.copyOfRange(after, 20, 30));
    }

    @Test
    void write_afterBudget_throwsNoSpaceLeftOnDevice() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(7);
        fs.failWritesAfter(100);
        try (FileChannel ch = fs.open(dir.resolve("f"), true, false)) {
            assertEquals(60, ch.write(ByteBuffer.wrap(new byte[60]), 0));
            assertEquals(40, ch.write(ByteBuffer.wrap(new byte[60]), 60)); // short write
            IOException e = assertThrows(IOException.class, () -> ch.write(ByteBuffer.wrap(new byte[1]), 100));
            assertEquals("No space left on device", e.getMessage());
            assertThrows(IOException.class, () -> FileIo.writeFully(ch, 100, new byte[5], 0, 5));
            fs.clearFaults();
            assertEquals(5, ch.write(ByteBuffer.wrap(new byte[5]), 100));
        }
    }

    @Test
    void crash_createWithoutDirectorySync_removesTheFile() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(8);
        Path p = dir.resolve("new");
        try (FileChannel ch = fs.open(p, true, false)) {
            FileIo.writeFully(ch, 0, bytes(10, 1), 0, 10);
            ch.force(true);
        }
        fs.crash();
        assertFalse(Files.exists(p));
    }

    @Test
    void crash_renameAndDeleteWithoutDirectorySync_areUndone() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(9);
        Path a = durableFile(fs, "a", bytes(10, 1));
        Path b = durableFile(fs, "b", bytes(20, 2));
        Path c = durableFile(fs, "c", bytes(30, 3));
        fs.atomicMove(a, b); // replaces b
        fs.deleteIfExists(c);
        assertFalse(Files.exists(a));
        assertFalse(Files.exists(c));
        fs.crash();
        assertArrayEquals(bytes(10, 1), Files.readAllBytes(a));
        assertArrayEquals(bytes(20, 2), Files.readAllBytes(b));
        assertArrayEquals(bytes(30, 3), Files.readAllBytes(c));
    }

    @Test
    void crash_renameAfterDirectorySync_isKept() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(10);
        Path a = durableFile(fs, "a.tmp", bytes(10, 1));
        Path b = dir.resolve("a");
        fs.atomicMove(a, b);
        fs.syncDirectory(dir);
        fs.crash();
        assertFalse(Files.exists(a));
        assertArrayEquals(bytes(10, 1), Files.readAllBytes(b));
    }

    @Test
    void crash_unforcedTruncate_isUndone() throws IOException {
        FaultyFileLayer fs = new FaultyFileLayer(11);
        Path p = durableFile(fs, "f", bytes(100, 1));
        FileChannel ch = fs.open(p, false, false);
        ch.truncate(40);
        assertEquals(40, Files.size(p));
        fs.crash();
        assertArrayEquals(bytes(100, 1), Files.readAllBytes(p));
    }
}
