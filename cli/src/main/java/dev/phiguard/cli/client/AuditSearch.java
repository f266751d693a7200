package dev.phiguard.cli.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The criteria of {@code GET /v1/audit}; absent ones do not filter. Times are ISO-8601 instants or durations back
 * from now ({@code 24h}), as the broker reads them.
 */
public record AuditSearch(Optional<String> lease, Optional<String> subject, Optional<String> purpose,
                          Optional<String> type, Optional<String> since, Optional<String> until, int limit) {

    public AuditSearch {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }
}
