package dev.phiguard.proxy.recording;

/**
 * What a recording keeps of the constants a client sends: in Query and Parse statement text, and the values of
 * Bind parameters.
 */
public enum LiteralPolicy {
    /** Replaced by keyed hash tokens ({@code 'h:<16 hex>'}): correlatable, not reversible. The default. */
    HASH,
    /** Kept as sent (only for targets that hold no PHI). */
    KEEP
}
