package dev.phiguard.cli.server;

import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.audit.AuditWriter;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.broker.service.LeaseEventListener;
import dev.phiguard.broker.service.LeaseTransition;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Writes every lease transition and credential fetch of the lease service to the audit log. */
final class AuditingLeaseListener implements LeaseEventListener {

    private final AuditWriter audit;
    private final Clock clock;

    AuditingLeaseListener(AuditWriter audit, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void transitioned(LeaseTransition transition) {
        audit.submit(AuditEvent.LeaseChanged.of(clock.instant(), transition.before(), transition.after(),
                transition.event()));
    }

    @Override
    public void credentialFetched(Lease lease, Principal requester) {
        audit.submit(new AuditEvent.CredentialFetched(clock.instant(), lease.id(), lease.purpose(), requester,
                Optional.empty()));
    }
}
