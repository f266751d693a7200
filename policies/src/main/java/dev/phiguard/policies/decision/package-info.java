/**
 * Decisions: the policy of a purpose applied to the neutral facts of the SQL analysis.
 *
 * <p>{@link dev.phiguard.policies.decision.PolicyEngine} answers two questions for the proxy: may this Query or Parse
 * message run ({@link dev.phiguard.policies.decision.Verdict}: allow, deny naming a rule, or hold for a reviewer), and
 * how do the rows of each statement leave the proxy ({@link dev.phiguard.policies.decision.ResultPlan}: one
 * {@link dev.phiguard.policies.decision.ColumnTreatment} per column, plus the value detectors). Per-session memory
 * (cursors, prepared statements) is a {@link dev.phiguard.policies.decision.SessionState}.
 *
 * <p>Everything fails closed: what cannot be analysed is denied, a column whose origin is uncertain is suppressed, a
 * plan that cannot be made is {@link dev.phiguard.policies.decision.ResultPlan#unknown unknown} (every column
 * suppressed). The package knows nothing of the wire protocol and nothing of the parser library.
 */
package dev.phiguard.policies.decision;
