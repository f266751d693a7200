package dev.phiguard.policies.masking;

/**
 * The PostgreSQL type OIDs that masking needs to know (from {@code pg_type.oid}, stable across
 * server versions), and the groups of them that share a wire representation.
 */
public final class PgTypes {

    /** {@code name}: 63-byte identifier; binary format is the UTF-8 bytes. */
    public static final int NAME = 19;
    /** {@code int8} / {@code bigint}. */
    public static final int INT8 = 20;
    /** {@code int4} / {@code integer}. */
    public static final int INT4 = 23;
    /** {@code text}; binary format is the UTF-8 bytes. */
    public static final int TEXT = 25;
    /** {@code bpchar} / {@code char(n)}; binary format is the UTF-8 bytes, blank-padded. */
    public static final int BPCHAR = 1042;
    /** {@code varchar}; binary format is the UTF-8 bytes. */
    public static final int VARCHAR = 1043;
    /** {@code date}; binary format is an int32 count of days since 2000-01-01. */
    public static final int DATE = 1082;
    /** {@code timestamp}; binary format is an int64 count of microseconds since 2000-01-01 00:00. */
    public static final int TIMESTAMP = 1114;
    /** {@code timestamptz}; binary format is an int64 count of microseconds since 2000-01-01 00:00 UTC. */
    public static final int TIMESTAMPTZ = 1184;
    /** {@code numeric}. */
    public static final int NUMERIC = 1700;

    private PgTypes() {
    }

    /** Whether the binary format of this type is the value's UTF-8 text, exactly as in text format. */
    public static boolean isTextLike(int typeOid) {
        return typeOid == TEXT || typeOid == VARCHAR || typeOid == BPCHAR || typeOid == NAME;
    }

    /** Whether this is {@code date}, {@code timestamp} or {@code timestamptz}. */
    public static boolean isDateOrTimestamp(int typeOid) {
        return typeOid == DATE || typeOid == TIMESTAMP || typeOid == TIMESTAMPTZ;
    }
}
