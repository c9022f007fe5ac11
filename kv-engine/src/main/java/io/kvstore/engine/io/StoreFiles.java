package io.kvstore.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Owns every file name in a store directory (docs/format/layout.md): the lock file, WAL segments
 * {@code wal-<16 hex digits of first LSN>.log}, snapshots {@code snapshot-<16 hex digits of LSN>.snap}, zstd
 * dictionaries {@code dict-<8 hex digits of the dictionary id>.zdict}, temp files
 * ({@code <name>.tmp}) and files moved aside by salvage ({@code <name>.damaged}, {@code <name>.<n>.damaged}).
 * LSNs are non-negative longs written as 16 lowercase hex digits, so name order is LSN order. Stateless and
 * thread-safe.
 */
public final class StoreFiles {
    /** The lock file's name. */
    public static final String LOCK = "LOCK";

    private static final String WAL_PREFIX = "wal-";
    private static final String WAL_SUFFIX = ".log";
    private static final String SNAPSHOT_PREFIX = "snapshot-";
    private static final String SNAPSHOT_SUFFIX = ".snap";
    private static final String DICTIONARY_PREFIX = "dict-";
    private static final String DICTIONARY_SUFFIX = ".zdict";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String DAMAGED_SUFFIX = ".damaged";
    private static final int HEX_DIGITS = 16;

    private StoreFiles() {
    }

    /** {@code wal-<firstLsn>.log}. */
    public static String walSegment(long firstLsn) {
        return WAL_PREFIX + hex(firstLsn) + WAL_SUFFIX;
    }

    /** The first LSN named by a WAL segment file name, or -1 if {@code name} is not one. */
    public static long parseWalSegment(String name) {
        return parse(name, WAL_PREFIX, WAL_SUFFIX);
    }

    /** {@code snapshot-<lsn>.snap}. */
    public static String snapshot(long lsn) {
        return SNAPSHOT_PREFIX + hex(lsn) + SNAPSHOT_SUFFIX;
    }

    /** The LSN named by a snapshot file name, or -1 if {@code name} is not one. */
    public static long parseSnapshot(String name) {
        return parse(name, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX);
    }

    /** {@code dict-<id>.zdict}: the zstd dictionary with id {@code id} (docs/format/dictionary.md). */
    public static String dictionary(int id) {
        String h = Integer.toHexString(id);
        return DICTIONARY_PREFIX + "0".repeat(8 - h.length()) + h + DICTIONARY_SUFFIX;
    }

    /** Whether {@code name} is a dictionary file name ({@link #dictionary}). */
    public static boolean isDictionary(String name) {
        if (name.length() != DICTIONARY_PREFIX.length() + 8 + DICTIONARY_SUFFIX.length()
                || !name.startsWith(DICTIONARY_PREFIX) || !name.endsWith(DICTIONARY_SUFFIX)) {
            return false;
        }
        for (int i = DICTIONARY_PREFIX.length(); i < DICTIONARY_PREFIX.length() + 8; i++) {
            char c = name.charAt(i);
            if (Character.digit(c, 16) < 0 || Character.isUpperCase(c)) {
                return false;
            }
        }
        return true;
    }

    /** Names of the dictionary files in {@code dir}, sorted. */
    public static List<String> dictionaries(FileLayer fs, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : fs.list(dir)) {
            if (isDictionary(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The temp file a file of this name is written to before its atomic rename: {@code <name>.tmp}. */
    public static String temp(String name) {
        return name + TEMP_SUFFIX;
    }

    /** Whether {@code name} is a store temp file (a WAL, snapshot or dictionary name, possibly damaged, plus {@code .tmp}). */
    public static boolean isTemp(String name) {
        return name.endsWith(TEMP_SUFFIX) && (name.startsWith(WAL_PREFIX) || name.startsWith(SNAPSHOT_PREFIX)
                || name.startsWith(DICTIONARY_PREFIX));
    }

    /** Whether {@code name} is a file moved aside by salvage. */
    public static boolean isDamaged(String name) {
        return name.endsWith(DAMAGED_SUFFIX);
    }

    /**
     * A name for moving {@code name} aside that is not among {@code existing}: {@code <name>.damaged}, else
     * {@code <name>.1.damaged}, {@code <name>.2.damaged}, ...
     */
    public static String damaged(String name, Collection<String> existing) {
        String candidate = name + DAMAGED_SUFFIX;
        for (int n = 1; existing.contains(candidate) || existing.contains(temp(candidate)); n++) {
            candidate = name + "." + n + DAMAGED_SUFFIX;
        }
        return candidate;
    }

    /** First LSNs of the WAL segments in {@code dir}, ascending. */
    public static List<Long> walSegments(FileLayer fs, Path dir) throws IOException {
        List<Long> lsns = new ArrayList<>();
        for (String name : fs.list(dir)) {
            long lsn = parseWalSegment(name);
            if (lsn >= 0) {
                lsns.add(lsn);
            }
        }
        return lsns; // list() is sorted by name, and fixed-width hex sorts by value
    }

    /** LSNs of the snapshot files in {@code dir}, ascending. */
    public static List<Long> snapshots(FileLayer fs, Path dir) throws IOException {
        List<Long> lsns = new ArrayList<>();
        for (String name : fs.list(dir)) {
            long lsn = parseSnapshot(name);
            if (lsn >= 0) {
                lsns.add(lsn);
            }
        }
        return lsns;
    }

    /**
     * Deletes every store temp file in {@code dir} (interrupted writes) and syncs the directory if any was
     * deleted. Returns how many were deleted.
     */
    public static int deleteTempFiles(FileLayer fs, Path dir) throws IOException {
        int deleted = 0;
        for (String name : fs.list(dir)) {
            if (isTemp(name)) {
                fs.deleteIfExists(dir.resolve(name));
                deleted++;
            }
        }
        if (deleted > 0) {
            fs.syncDirectory(dir);
        }
        return deleted;
    }

    private static String hex(long lsn) {
        if (lsn < 0) {
            throw new IllegalArgumentException("negative LSN: " + lsn);
        }
        String h = Long.toHexString(lsn);
        return "0".repeat(HEX_DIGITS - h.length()) + h;
    }

    private static long parse(String name, String prefix, String suffix) {
        if (name.length() != prefix.length() + HEX_DIGITS + suffix.length()
                || !name.startsWith(prefix) || !name.endsWith(suffix)) {
            return -1;
        }
        long v = 0;
        for (int i = prefix.length(); i < prefix.length() + HEX_DIGITS; i++) {
            int d = Character.digit(name.charAt(i), 16);
            if (d < 0 || Character.isUpperCase(name.charAt(i))) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v < 0 ? -1 : v;
    }
}
