package dev.phiguard.cli.client;

import java.util.List;

/** The answer of {@code GET /v1/leases}: leases, newest first. */
record LeaseList(List<Lease> leases) {
    LeaseList {
        leases = leases == null ? List.of() : List.copyOf(leases);
    }
}
