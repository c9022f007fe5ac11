package io.kvstore.calcite;

/**
 * A negative {@code LIMIT}/{@code FETCH} or {@code OFFSET} given as a {@code ?} parameter. The driver reports it
 * with the standard SQLState 2201W (invalid row count in limit clause) or 2201X (invalid row count in result
 * offset clause), as PostgreSQL does. A NULL count is not an error: no limit, or no offset.
 */
public final class KvRowCountException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final boolean offset;

    /**
     * @param offset whether the count is an OFFSET (else a LIMIT/FETCH)
     * @param value the count given
     */
    public KvRowCountException(boolean offset, Object value) {
        super((offset ? "OFFSET" : "LIMIT/FETCH") + " must not be negative: " + value);
        this.offset = offset;
    }

    /** Whether the count is an OFFSET (else a LIMIT/FETCH). */
    public boolean isOffset() {
        return offset;
    }
}
