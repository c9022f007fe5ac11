package io.kvstore.engine.wal;

import java.util.List;

/**
 * The payload of one WAL record: every change of one transaction, applied all or nothing. Its LSN becomes the
 * version of every entry it writes. Encoding: docs/format/wal.md.
 *
 * STUB: encode/decode being implemented.
 */
public record WalBatch(long lsn, List<WalOp> ops) {

    /** Encodes {@code ops} as a record payload. */
    public static byte[] encodePayload(List<WalOp> ops) {
        throw new UnsupportedOperationException("stub");
    }

    /** Decodes a payload; throws {@link IllegalArgumentException} if malformed. */
    public static WalBatch decode(long lsn, byte[] payload) {
        throw new UnsupportedOperationException("stub");
    }
}
