/**
 * Masking functions applied by the proxy to result values, one column value at a time.
 *
 * <p>A policy describes a rule as data ({@link dev.phiguard.policies.masking.Masking}); the proxy
 * compiles each rule once per plan with {@link dev.phiguard.policies.masking.Maskers#compile} into a
 * {@link dev.phiguard.policies.masking.ValueMasker} and calls it for every non-null value of the
 * column, in PostgreSQL text format (UTF-8) or binary format. Maskers work on byte ranges, never use
 * regular expressions, and fail closed: a value they cannot mask comes back fully masked (NULL for
 * date rules) or raises a {@link dev.phiguard.policies.masking.MaskingException}; it is never passed
 * through. Exception messages never contain the value.
 */
package dev.phiguard.policies.masking;
