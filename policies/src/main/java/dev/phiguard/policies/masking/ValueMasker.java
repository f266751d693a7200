package dev.phiguard.policies.masking;

/**
 * A compiled {@link Masking} rule: rewrites one non-null column value on the data path.
 *
 * <p><b>Contract</b>, the same for both formats:
 * <ul>
 *   <li>The input is the range {@code value[offset, offset + length)}; it is only read, never
 *       kept, and may be a slice of a larger buffer (a whole DataRow message).</li>
 *   <li>The result is either the masked value's bytes, exactly the new column value (the caller
 *       writes {@code result.length} as the column length), or {@code null}, meaning the column must
 *       be sent as SQL NULL (length -1).</li>
 *   <li>The result is never the input array. It may be an array shared between calls (the
 *       {@link Masking.Redact} replacement, for instance): callers must treat it as read-only.</li>
 *   <li>SQL NULL input is not passed to a masker: NULL stays NULL under every rule.</li>
 *   <li>A value that cannot be masked is never returned as it was: date rules return {@code null}
 *       for unreadable input; a binary value of a type the rule does not support, or a malformed
 *       binary value, raises {@link MaskingException}. Check {@link #supportsBinary} when planning
 *       so that unsupported binary columns are refused before any row is read.</li>
 * </ul>
 * Implementations are immutable and thread-safe; one instance can serve every session.
 */
public interface ValueMasker {

    /** The rule this masker was compiled from. */
    Masking rule();

    /**
     * Masks a value in PostgreSQL text format (UTF-8, whatever the column type).
     *
     * @return the masked bytes (read-only), or {@code null} for SQL NULL
     * @throws IndexOutOfBoundsException if the range is outside {@code value}
     */
    byte[] maskText(byte[] value, int offset, int length);

    /** Masks a whole array in text format; see {@link #maskText(byte[], int, int)}. */
    default byte[] maskText(byte[] value) {
        return maskText(value, 0, value.length);
    }

    /**
     * Whether {@link #maskBinary} can mask values of this type in binary format. When this is false
     * the proxy must not let the column be sent in binary format (ask for text, or refuse).
     */
    boolean supportsBinary(int typeOid);

    /**
     * Masks a value in PostgreSQL binary format of the given type.
     *
     * @param typeOid the column's type OID, see {@link PgTypes}
     * @return the masked bytes in the same binary format (read-only), or {@code null} for SQL NULL
     * @throws MaskingException if {@link #supportsBinary} is false for the type, or the value is not
     *                          a well-formed binary value of that type
     * @throws IndexOutOfBoundsException if the range is outside {@code value}
     */
    byte[] maskBinary(int typeOid, byte[] value, int offset, int length);
}
