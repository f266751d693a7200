package dev.phiguard.proxy.port;

/**
 * Turns a raw record key (an MRN, a patient id) read from a result row into the keyed hash the audit trail keeps.
 * The proxy hashes inside the row plan, before masking, so no raw key ever leaves the proxy in a
 * {@link StatementOutcome}. The assembly injects the server's hasher (the broker's {@code RecordKeyHasher::hash}).
 * Called on a session's event loop for every key value of every row: it must be fast and thread-safe.
 */
@FunctionalInterface
public interface RecordKeyHashing {

    /**
     * @param table    the key's table as the policy names it ({@code patients}, {@code lab.results} outside
     *                 schema {@code public})
     * @param rawValue the value in PostgreSQL's text form
     * @return the keyed hash (for the audit log: 64 lower-case hex characters)
     */
    String hash(String table, String rawValue);

    /**
     * The same keyed hash as {@link #hash(String, String)} of the value whose text is {@code value[offset,
     * offset + length)} in UTF-8, as the 32 bytes its 64 hex characters spell, written to {@code out[0, 32)}: lets a
     * hasher spare the proxy a String per key and the hex round trip. The proxy calls it only for values of ASCII
     * characters (their bytes are exactly the UTF-8 encoding of their text) and reads {@code out} only when it returns
     * true.
     *
     * @return false if this hasher has no such form (the default; the proxy then calls {@link #hash(String, String)}
     *     for every key)
     */
    default boolean hashInto(String table, byte[] value, int offset, int length, byte[] out) {
        return false;
    }

    /** No hasher: record keys are not collected (outcomes carry no keys). */
    RecordKeyHashing NONE = (table, rawValue) -> {
        throw new IllegalStateException("no record key hasher is configured");
    };
}
