package dev.phiguard.broker.http;

import dev.phiguard.broker.audit.AuditQuery;
import dev.phiguard.broker.audit.AuditVerifier;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the API needs to answer auditors ({@code /v1/audit/...}, {@code /v1/sessions/{id}/recording},
 * {@code /v1/recordings/public-key}), and who counts as one. A part that is absent makes its routes answer
 * 503 {@code not_configured}; nothing is answered to a caller outside {@link #auditorGroups()} (403
 * {@code not_an_auditor}).
 *
 * @param query         searches, who-accessed and export of the audit log
 * @param verifier      checks the audit log's chain
 * @param recordings    the session recordings and their public key
 * @param auditorGroups a caller in any of these groups may use the auditor routes
 */
public record Auditing(Optional<AuditQuery> query, Optional<AuditVerifier> verifier,
                       Optional<RecordingFiles> recordings, Set<String> auditorGroups) {

    /** The groups whose members are auditors unless configured otherwise. */
    public static final Set<String> DEFAULT_AUDITOR_GROUPS = Set.of("auditors", "reviewers");

    public Auditing {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(recordings, "recordings");
        auditorGroups = Set.copyOf(Objects.requireNonNull(auditorGroups, "auditorGroups"));
    }

    /** Everything present, with the {@linkplain #DEFAULT_AUDITOR_GROUPS default auditor groups}. */
    public static Auditing of(AuditQuery query, AuditVerifier verifier, RecordingFiles recordings) {
        return new Auditing(Optional.of(query), Optional.of(verifier), Optional.of(recordings),
                DEFAULT_AUDITOR_GROUPS);
    }

    /** Nothing to audit with: the auditor routes answer 503 {@code not_configured}. */
    public static Auditing none() {
        return new Auditing(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_AUDITOR_GROUPS);
    }

    /** The same parts, with other auditor groups. */
    public Auditing withAuditorGroups(Set<String> groups) {
        return new Auditing(query, verifier, recordings, groups);
    }
}
