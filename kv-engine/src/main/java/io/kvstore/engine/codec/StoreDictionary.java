package io.kvstore.engine.codec;

import java.io.IOException;

/**
 * One store's zstd dictionary for {@code compression=zstd-dict}: the one in use, or until there is one, the
 * sample of values to train it from.
 *
 * <p><b>Training.</b> Until a dictionary exists, values are stored plain and copies of those that pass the
 * compressibility check are kept as samples; once they add up to the sample size ({@code sampleBytes}, 256 KiB by
 * default: about 650 values of 400 bytes) and number at least {@link #MIN_SAMPLES}, the writer whose value completed
 * them trains a dictionary of at most {@link #DICTIONARY_BYTES} (and at most a quarter of the samples' bytes) in its
 * own thread, holding no store lock: that one write waits for the training (0.1-0.5 s for 256 KiB of 400-byte
 * JSON values on the loaded 2-core machine; 256 KiB to 2 MiB of samples all gave 0.235-0.239 of their size), other
 * writers go on storing plain meanwhile, and every value after it uses the dictionary. (Training on a background
 * thread instead left the values written meanwhile plain: most of a 200,000-value load on the loaded machine.)
 * No training starts while fewer than half the values of at least the threshold looked compressible (a store of
 * random or already compressed values: its samples are the check's chance passes). The dictionary is trained from
 * 3/4 of the samples and tried on the rest. A failed training (too few or too
 * uniform samples), a dictionary that does not compress the other samples to 7/8 of their size (the samples were random values that passed the compressibility check by chance: about 1 in
 * 50 random 100-byte values does), or a failed write doubles the sample size and tries again, at most
 * {@link #MAX_ATTEMPTS} times; then values stay plain. There is no retraining: a store keeps its dictionary
 * (reopening with {@code zstd-dict} uses the one it has).
 *
 * <p><b>Durability.</b> A new dictionary is handed to the {@link DictionarySink} (the store's directory) and only
 * used once that returns, so no record that needs it can be logged, let alone acknowledged, before it is durable.
 *
 * <p>Thread-safe: sampling is synchronized on this object (not the training), the dictionary in use is a volatile
 * field.
 */
public final class StoreDictionary {
    /** Largest dictionary trained: 16 KiB measured 0.258 of 400-byte JSON values. */
    public static final int DICTIONARY_BYTES = 16 * 1024;
    /** Default bytes of sample values a dictionary is trained from. */
    public static final int DEFAULT_SAMPLE_BYTES = 256 << 10;
    /** Fewest samples trained from, whatever their bytes (zstd's trainer refuses a handful). */
    static final int MIN_SAMPLES = 32;
    /** Trainings tried (each with twice the samples of the one before) before giving up. */
    static final int MAX_ATTEMPTS = 3;

    private final DictionarySink sink;
    private volatile ZstdDictionary current;

    // guarded by this
    private long sampleTarget;
    private byte[][] samples = new byte[256][];
    private int sampleCount;
    private long sampleBytes;
    private int failures;
    private boolean closed;
    /**
     * Values of at least the threshold seen while sampling, compressible-looking or not; written without a lock
     * (a lost increment only shifts a heuristic).
     */
    private long seen;
    /** Whether a writer is training now. */
    private boolean training;
    private String lastError;

    /**
     * @param sink where a trained dictionary is made durable, or null for an in-memory store
     * @param existing the store's dictionary, or null to train one
     * @param sampleBytes bytes of samples to train from
     */
    StoreDictionary(DictionarySink sink, ZstdDictionary existing, int sampleBytes) {
        this.sink = sink;
        this.current = existing;
        this.sampleTarget = sampleBytes;
    }

    /** Counts a value of at least the threshold while there is no dictionary (see {@link #offer}). */
    void seen() {
        seen++;
    }

    /** The dictionary in use, or null while there is none (values are then stored plain). */
    ZstdDictionary current() {
        return current;
    }

    /**
     * Keeps a copy of {@code value} as a training sample; once there are enough, trains the dictionary in this
     * thread and makes it durable before returning (see the class comment).
     */
    void offer(byte[] value) {
        byte[][] batch;
        int n;
        synchronized (this) {
            if (current != null || training || closed || failures >= MAX_ATTEMPTS) {
                return;
            }
            if (sampleCount == samples.length) {
                samples = java.util.Arrays.copyOf(samples, sampleCount * 2);
            }
            samples[sampleCount++] = value.clone();
            sampleBytes += value.length;
            if (sampleBytes < sampleTarget || sampleCount < MIN_SAMPLES) {
                return;
            }
            if (sampleCount * 2L < seen) {
                // most values failed the compressibility check (random or already compressed data): the samples
                // are its chance passes, and training on them would stall this writer for nothing; start over
                samples = new byte[256][];
                sampleCount = 0;
                sampleBytes = 0;
                seen = 0;
                return;
            }
            batch = samples;
            n = sampleCount;
            samples = new byte[256][];
            sampleCount = 0;
            sampleBytes = 0;
            seen = 0;
            training = true;
        }
        train(batch, n);
    }

    private void train(byte[][] batch, int n) {
        String error = null;
        ZstdDictionary trained = null;
        try {
            long total = 0;
            for (int i = 0; i < n; i++) {
                total += batch[i].length;
            }
            // at most 16 KiB, and at most a quarter of the samples (a dictionary larger than that is mostly noise)
            int capacity = (int) Math.max(1024, Math.min(DICTIONARY_BYTES, total / 4));
            // train on the first 3/4 of the samples, try the dictionary on the rest (on its own samples a dictionary
            // always looks good: it may have memorised them)
            int trainCount = n - n / 4;
            byte[] dict = ZstdDictionary.train(batch, trainCount, capacity);
            ZstdDictionary d = Dictionaries.register(dict);
            double ratio = ratio(d, batch, trainCount, n);
            if (ratio > 0.875) { // the samples were the compressibility check's false positives (random bytes)
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "the trained dictionary compresses its samples only to %.3f of their size: not used", ratio));
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (sink != null) { // under the lock: close() waits for a write in progress
                    sink.persist(d.id(), dict);
                }
                trained = d;
            }
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            synchronized (this) {
                if (trained != null) {
                    current = trained;
                } else if (error != null) {
                    failures++;
                    sampleTarget *= 2;
                    lastError = error;
                }
                training = false;
                notifyAll();
            }
        }
    }

    /** Compressed over plain bytes of the samples {@code from} to {@code to} with {@code d}. */
    private static double ratio(ZstdDictionary d, byte[][] batch, int from, int to) {
        long packed = 0;
        long total = 0;
        byte[] buf = new byte[1024];
        for (int i = from; i < to; i++) {
            total += batch[i].length;
            int bound = ZstdDictionary.maxCompressedLength(batch[i].length);
            if (buf.length < bound) {
                buf = new byte[bound];
            }
            packed += d.compress(batch[i], batch[i].length, buf, 0);
        }
        return total == 0 ? 0 : (double) packed / total;
    }

    /** Bytes of the dictionary in use (0 if none). */
    long bytes() {
        ZstdDictionary d = current;
        return d == null ? 0 : d.size();
    }

    /** Why the latest training failed, or null. */
    synchronized String lastError() {
        return lastError;
    }

    /**
     * Waits up to {@code millis} for a training in progress to end; returns whether a dictionary is in use.
     *
     * @throws InterruptedException interrupted while waiting
     */
    synchronized boolean awaitTraining(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (training && current == null) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return current != null;
    }

    /** Stops sampling; a dictionary being written is finished first, one being trained is dropped. */
    synchronized void close() {
        closed = true;
        samples = new byte[0][];
        sampleCount = 0;
    }
}
