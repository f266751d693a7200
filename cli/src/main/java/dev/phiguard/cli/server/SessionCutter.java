package dev.phiguard.cli.server;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.events.LeaseChangeListener;
import dev.phiguard.broker.lease.EndReason;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.service.LeaseService;
import dev.phiguard.proxy.ProxyServer;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts this node's live proxy sessions of a lease the moment the change feed reports it over — revoked on any
 * node, expired by any node's deadline scheduler, completed or denied. The feed delivers this node's own changes
 * and, with the PostgreSQL store, every other node's, so a revoke sent to one node ends sessions on all of them.
 * Then the target's upstream side is told (a per-lease role is dropped, a Vault lease revoked).
 */
final class SessionCutter implements LeaseChangeListener {

    private static final Logger log = LoggerFactory.getLogger(SessionCutter.class);

    private final ProxyServer proxy;
    private final LeaseService leases;

    private final java.util.Map<String, TargetBinding> targets;

    SessionCutter(ProxyServer proxy, LeaseService leases, java.util.Map<String, TargetBinding> targets) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.targets = java.util.Map.copyOf(targets);
    }

    @Override
    public void changed(LeaseChange change) {
        if (!change.state().isTerminal()) {
            return;
        }
        int cut = proxy.terminateLease(change.leaseId(), reason(change));
        if (cut > 0) {
            log.info("lease {} is over ({}): ended {} live session(s)", change.leaseId(), change.state(), cut);
        }
        leases.find(change.leaseId()).map(lease -> targets.get(lease.target()))
                .ifPresent(binding -> binding.lifecycle().leaseEnded(change.leaseId()));
    }

    @Override
    public void changesMayHaveBeenMissed() {
        // The feed was down: re-check every lease that has sessions here.
        for (String leaseId : proxy.leasesWithSessions()) {
            leases.find(leaseId).filter(l -> l.state().isTerminal())
                    .ifPresent(l -> changed(new LeaseChange(l.id(), l.version(), l.state())));
        }
    }

    private String reason(LeaseChange change) {
        if (change.state() != LeaseState.ENDED) {
            return "lease " + change.leaseId() + " is " + change.state().name().toLowerCase(Locale.ROOT);
        }
        EndReason why = leases.find(change.leaseId()).flatMap(Lease::endReason).orElse(EndReason.REVOKED);
        return switch (why) {
            case EXPIRED -> "lease " + change.leaseId() + " has expired";
            case REVOKED -> "lease " + change.leaseId() + " has been revoked";
            case COMPLETED -> "lease " + change.leaseId() + " has ended";
        };
    }
}
