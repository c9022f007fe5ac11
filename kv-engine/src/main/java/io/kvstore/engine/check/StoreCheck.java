package io.kvstore.engine.check;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.KvException;
import io.kvstore.engine.KvStoreInUseException;
import io.kvstore.engine.codec.Dictionaries;
import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.dictionary.DictionaryFile;
import io.kvstore.engine.io.DirectoryLock;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.StoreFiles;
import io.kvstore.engine.snapshot.SnapshotReader;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.wal.WalOp;
import io.kvstore.engine.wal.WalRecovery;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Offline verification of a store directory, like redis-check-aof: reads the newest snapshot and every WAL
 * segment exactly as recovery would, without writing anything, and reports what it found. Takes a shared lock,
 * so it refuses a store that a process has open for writing.
 *
 * <p>Exit codes of {@link #main}: 0 clean (a torn tail that open would truncate is still clean), 1 corruption,
 * 2 cannot check (missing directory, in use, I/O error), 64 usage.
 */
public final class StoreCheck {
    /** Outcome of a check. */
    public enum Verdict {
        OK, CORRUPT, ERROR
    }

    /**
     * What a check found.
     *
     * @param verdict overall outcome
     * @param snapshotLsn LSN of the snapshot used (0 if none)
     * @param snapshotEntries entries in that snapshot
     * @param walRecords WAL records after the snapshot
     * @param lastLsn last valid LSN
     * @param walBytes bytes in WAL segments
     * @param tornTailBytes bytes a normal open would truncate
     * @param message human-readable detail (the corruption's file and offset, or the error)
     */
    public record Report(Verdict verdict, long snapshotLsn, long snapshotEntries, long walRecords, long lastLsn,
                         long walBytes, long tornTailBytes, String message) {
    }

    /** How to recover a damaged store, printed with a CORRUPT verdict and in the usage text. */
    static final String SALVAGE_HINT = "to recover everything before the damage, open it once with"
            + " salvage=true, for example ./kvstore sql 'jdbc:kvstore:<dir>;salvage=true' (or that URL from JDBC);"
            + " the damaged file is kept as *.damaged";

    private StoreCheck() {
    }

    /** Checks {@code dir}; never throws for a bad store, only reports. */
    public static Report check(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Report(Verdict.ERROR, 0, 0, 0, 0, 0, 0, dir + " is not a store directory");
        }
        FileLayer fs = FileLayer.DEFAULT;
        long[] counts = new long[3];
        try (DirectoryLock ignored = DirectoryLock.acquire(dir, true)) {
            // dictionaries first: each is checksummed, and every value compressed with one must name one present
            DictionaryFile.Loaded dicts = DictionaryFile.loadAll(fs, dir, false, true);
            long snapshotLsn = SnapshotReader.load(fs, dir, false, true, rec -> {
                if (!EntryRecord.isWellFormed(rec)) {
                    throw new IllegalStateException("malformed entry record in snapshot");
                }
                requireDictionary(dir, dicts, EntryRecord.dictionaryId(rec));
                counts[0]++;
            });
            WalRecovery.Result wal = WalRecovery.recover(fs, dir, snapshotLsn, true, false, batch -> {
                counts[1]++;
                for (WalOp op : batch.ops()) {
                    counts[2] += op.kind() == WalOp.PUT ? 1 : 0;
                    if (op.compressed() && ValueCompression.usesDictionary(op.value(), 0)) {
                        requireDictionary(dir, dicts,
                                ValueCompression.dictionaryId(op.value(), 0, op.value().length) & 0xFFFFFFFFL);
                    }
                }
            });
            String msg = (dicts.dictionaries().isEmpty() ? "" : dicts.dictionaries().size()
                    + " zstd dictionary file(s) of " + dicts.fileBytes() + " bytes; ")
                    + "snapshot lsn " + snapshotLsn + " with " + counts[0] + " entries; " + counts[1]
                    + " WAL records after it (" + counts[2] + " puts); last lsn "
                    + Math.max(snapshotLsn, wal.lastLsn())
                    + (wal.truncatedBytes() > 0 ? "; torn tail of " + wal.truncatedBytes()
                    + " bytes (normal after a crash or kill: a write cut short and/or the log's preallocated"
                    + " zeros; open truncates it)" : "");
            return new Report(Verdict.OK, snapshotLsn, counts[0], counts[1], Math.max(snapshotLsn, wal.lastLsn()),
                    wal.walBytes(), wal.truncatedBytes(), msg);
        } catch (KvCorruptionException e) {
            return new Report(Verdict.CORRUPT, 0, counts[0], counts[1], 0, 0, 0, e.getMessage()
                    + " (" + SALVAGE_HINT + ")");
        } catch (KvStoreInUseException e) {
            return new Report(Verdict.ERROR, 0, 0, 0, 0, 0, 0, e.getMessage()
                    + "; close it before checking");
        } catch (KvException | IOException | IllegalStateException | IllegalArgumentException e) {
            return new Report(Verdict.ERROR, 0, counts[0], counts[1], 0, 0, 0, String.valueOf(e.getMessage()));
        }
    }

    /** Throws corruption when the store has no dictionary {@code id} (a missing dictionary file). */
    private static void requireDictionary(Path dir, DictionaryFile.Loaded dicts, long id) {
        if (id != EntryRecord.NO_DICTIONARY && !dicts.contains((int) id)) {
            throw new KvCorruptionException(dir.resolve(StoreFiles.dictionary((int) id)), 0,
                    "values are compressed with zstd dictionary " + Dictionaries.hex((int) id)
                            + ", but the store has no such dictionary file");
        }
    }

    /** {@code kvstore check <dir>...}: prints one report per directory. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    /** Runs the command; returns the exit code (0 also for {@code --help}, 64 for no directory). */
    static int run(List<String> args, PrintStream out) {
        boolean help = args.contains("-h") || args.contains("--help");
        if (args.isEmpty() || help) {
            out.println("usage: kvstore check <store-directory>...");
            out.println("Verifies checksums, LSN sequence and snapshot/WAL agreement without changing anything.");
            out.println("Exit status: 0 clean, 1 corrupt, 2 cannot check (missing, in use, I/O error).");
            out.println("A corrupt store: " + SALVAGE_HINT + ".");
            return help ? 0 : 64;
        }
        int worst = 0;
        for (String a : args) {
            Path dir = Paths.get(a).toAbsolutePath().normalize();
            Report r = check(dir);
            out.println(dir + ": " + r.verdict() + " - " + r.message());
            int code = switch (r.verdict()) {
                case OK -> 0;
                case CORRUPT -> 1;
                case ERROR -> 2;
            };
            worst = Math.max(worst, code);
        }
        return worst;
    }
}
