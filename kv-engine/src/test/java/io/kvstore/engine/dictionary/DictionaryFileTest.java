package io.kvstore.engine.dictionary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.codec.Dictionaries;
import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.FormatDocs;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decodes the examples of docs/format/dictionary.md, and checks writing, loading and damage reports. */
class DictionaryFileTest {
    private static final byte[] DICT = "{\"status\":\"shipped\",\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final int ID = 0x039e47c3;

    @TempDir
    Path dir;

    @Test
    void docExample_fieldByField_matchesTheSpecAndTheEncoder() throws Exception {
        byte[] b = FormatDocs.hexExample("dictionary.md", 0);
        assertEquals(45, b.length);
        assertArrayEquals("KVDC".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 4));
        assertEquals(1, LittleEndian.getU16(b, 4));
        assertEquals(0, LittleEndian.getU16(b, 6));
        assertEquals(ID & 0xFFFFFFFFL, LittleEndian.getU32(b, 8));
        assertEquals(ID, Dictionaries.idOf(DICT));
        assertEquals(DICT.length, LittleEndian.getU32(b, 12));
        assertArrayEquals(DICT, Arrays.copyOfRange(b, 16, 16 + DICT.length));
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 41);
        assertEquals(crc.getValue(), LittleEndian.getU32(b, 41));
        assertArrayEquals(b, DictionaryFile.encode(DICT));
        assertArrayEquals(DICT, DictionaryFile.decode(b, "dict-039e47c3.zdict"));
        assertEquals("dict-039e47c3.zdict", StoreFiles.dictionary(ID));
    }

    @Test
    void docValueExample_decodesWithTheDictionary() throws Exception {
        byte[] v = FormatDocs.hexExample("dictionary.md", 1);
        assertEquals(20, v.length);
        assertEquals(3, v[0]);
        assertEquals(28, ValueCompression.rawLength(v, 0, v.length));
        assertEquals(ID, ValueCompression.dictionaryId(v, 0, v.length));
        Dictionaries.register(DICT);
        assertArrayEquals("{\"status\":\"shipped\",\"id\":42}".getBytes(StandardCharsets.US_ASCII),
                ValueCompression.decode(v, 0, v.length));
    }

    @Test
    void write_thenLoadAll_registersItAndLeavesNoTempFile() throws Exception {
        DictionaryFile.write(FileLayer.DEFAULT, dir, ID, DICT);
        assertTrue(Files.exists(dir.resolve("dict-039e47c3.zdict")));
        assertFalse(Files.exists(dir.resolve("dict-039e47c3.zdict.tmp")));
        DictionaryFile.Loaded loaded = DictionaryFile.loadAll(FileLayer.DEFAULT, dir, false, false);
        assertEquals(1, loaded.dictionaries().size());
        assertEquals(ID, loaded.newest().id());
        assertEquals(45, loaded.fileBytes());
        assertTrue(loaded.contains(ID));
        assertTrue(Dictionaries.contains(ID));
    }

    @Test
    void loadAll_damagedFile_reportsFileAndOffsetOrSalvageMovesItAside() throws Exception {
        DictionaryFile.write(FileLayer.DEFAULT, dir, ID, DICT);
        Path file = dir.resolve("dict-039e47c3.zdict");
        byte[] good = Files.readAllBytes(file);
        long[][] cases = {{0, 0}, {4, 4}, {8, 41}, {12, 12}, {20, 41}, {44, 41}}; // {flipped byte, reported offset}
        for (long[] c : cases) {
            byte[] bad = good.clone();
            bad[(int) c[0]] ^= 0x01;
            Files.write(file, bad);
            KvCorruptionException e = assertThrows(KvCorruptionException.class,
                    () -> DictionaryFile.loadAll(FileLayer.DEFAULT, dir, false, false), "flip at " + c[0]);
            assertEquals(file, e.file());
            assertEquals(c[1], e.offset(), "flip at " + c[0] + ": " + e.getMessage());
        }
        Files.write(file, Arrays.copyOf(good, 30)); // truncated
        assertThrows(KvCorruptionException.class, () -> DictionaryFile.loadAll(FileLayer.DEFAULT, dir, false, false));
        DictionaryFile.Loaded salvaged = DictionaryFile.loadAll(FileLayer.DEFAULT, dir, true, false);
        assertTrue(salvaged.dictionaries().isEmpty());
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(dir.resolve("dict-039e47c3.zdict.damaged")));
    }

    @Test
    void loadAll_fileNamedForAnotherId_isDamage() throws Exception {
        Files.write(dir.resolve("dict-00000001.zdict"), DictionaryFile.encode(DICT));
        KvCorruptionException e = assertThrows(KvCorruptionException.class,
                () -> DictionaryFile.loadAll(FileLayer.DEFAULT, dir, false, false));
        assertEquals(8, e.offset());
    }
}
