package dev.phiguard.policies.policy;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The policy of one purpose, loaded from one file and validated. Immutable.
 *
 * @param source      the file it was loaded from
 * @param purpose     the purpose id; equals the file name without {@code .yaml}/{@code .yml}
 * @param description what the purpose is for, shown to reviewers
 * @param requesters  who may request a lease; a requester is admitted when any rule matches
 * @param approval    how many approvals, from which groups
 * @param lease       limits of each lease
 * @param access      what statements may do
 * @param masking     masking rule per column, in file order
 * @param detectors   value detectors for text no masking rule covers
 * @param recordKeys  columns whose keyed hashes the audit trail keeps for every row returned
 * @param holds       query-level approval rules
 */
public record Policy(Path source, String purpose, String description, List<RequesterRule> requesters,
                     ApprovalRule approval, LeaseLimits lease, AccessRules access,
                     Map<ColumnRef, MaskingRule> masking, DetectorSettings detectors, List<ColumnRef> recordKeys,
                     List<HoldRule> holds) {

    public Policy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(description, "description");
        requesters = List.copyOf(requesters);
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(access, "access");
        masking = Collections.unmodifiableMap(new LinkedHashMap<>(masking));
        Objects.requireNonNull(detectors, "detectors");
        recordKeys = List.copyOf(recordKeys);
        holds = List.copyOf(holds);
        if (requesters.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one requester rule");
        }
    }

    /** The masking rule of a column, if it has one ({@code public.} may be included in the table or not). */
    public Optional<MaskingRule> maskingFor(String table, String column) {
        return Optional.ofNullable(masking.get(new ColumnRef(table, column)));
    }

    /** Whether the audit trail keeps keyed hashes of this column's values. */
    public boolean isRecordKey(String table, String column) {
        return recordKeys.contains(new ColumnRef(table, column));
    }

    /** Whether an identity may request a lease for this purpose: any requester rule matches. */
    public boolean admits(String issuer, String subject, Collection<String> groups, Map<String, String> claims) {
        return requesters.stream().anyMatch(rule -> rule.matches(issuer, subject, groups, claims));
    }

    /**
     * The bound of the lease's date shift, if any column is masked with {@code shift_date}: the loader makes every
     * such rule agree, so one offset per lease serves them all.
     */
    public OptionalInt dateShiftMaxDays() {
        return masking.values().stream()
                .filter(MaskingRule.ShiftDate.class::isInstance)
                .mapToInt(rule -> ((MaskingRule.ShiftDate) rule).maxDays())
                .findFirst();
    }

    /** The hold rules that concern a table. */
    public List<HoldRule> holdsFor(String table) {
        return holds.stream().filter(rule -> rule.appliesTo(table)).toList();
    }
}
