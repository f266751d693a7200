/**
 * Value detectors: the safety net that scans every text value no masking rule covers and replaces
 * identifiers found in free text (SSNs, MRNs, e-mail addresses, US phone numbers, payment card
 * numbers, labelled dates of birth).
 *
 * <p>Compile a {@link dev.phiguard.policies.detect.DetectorSettings} once with
 * {@link dev.phiguard.policies.detect.Detectors#compile}, then call
 * {@link dev.phiguard.policies.detect.Detectors#scan} per value. The built-in detectors are
 * hand-written byte scanners (no regular expressions); only the policy's MRN patterns use
 * {@code java.util.regex}, compiled once. A value without an ASCII digit and without {@code @} is
 * answered after one pass over its bytes, without allocation.
 */
package dev.phiguard.policies.detect;
