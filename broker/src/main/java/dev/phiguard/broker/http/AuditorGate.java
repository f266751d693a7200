package dev.phiguard.broker.http;

import dev.phiguard.broker.identity.Identity;
import java.util.Optional;
import java.util.Set;

/** Lets auditors through and refuses everyone else (403 {@code not_an_auditor}); names a part that is missing. */
final class AuditorGate {

    private final Set<String> auditorGroups;

    AuditorGate(Set<String> auditorGroups) {
        this.auditorGroups = Set.copyOf(auditorGroups);
    }

    /** @throws ApiException 403 {@code not_an_auditor} unless the caller is in one of the auditor groups */
    void check(Identity caller) {
        if (caller.groups().stream().noneMatch(auditorGroups::contains)) {
            throw new ApiException(403, "not_an_auditor", "only members of "
                    + String.join(", ", auditorGroups.stream().sorted().toList())
                    + " may read the audit log and recordings");
        }
    }

    /** The part, or 503 {@code not_configured} naming it. */
    static <T> T require(Optional<T> part, String what) {
        return part.orElseThrow(() -> new ApiException(503, "not_configured",
                "this broker has no " + what + " configured"));
    }
}
