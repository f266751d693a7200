package dev.phiguard.broker.service;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.events.LeaseChangeFeed;
import dev.phiguard.broker.identity.Identity;
import dev.phiguard.broker.lease.CredentialMinter;
import dev.phiguard.broker.lease.IssuedCredential;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseDeadlines;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.broker.lease.LeaseIds;
import dev.phiguard.broker.lease.LeaseRequests;
import dev.phiguard.broker.lease.LeaseSessions;
import dev.phiguard.broker.lease.LeaseTransitions;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.broker.lease.SessionAdmission;
import dev.phiguard.broker.store.LeaseFilter;
import dev.phiguard.broker.store.LeaseSession;
import dev.phiguard.broker.store.LeaseStore;
import dev.phiguard.broker.store.StaleLeaseException;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicySet;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's operations on leases, one instance per node (see the package documentation).
 *
 * <p>Every write reads the lease, applies first whatever deadline is due ({@link LeaseDeadlines#dueEvent}, so a
 * caller is told "expired" rather than refused for a reason that no longer matters), applies the caller's event and
 * stores the result if the version it read is still current; a {@link StaleLeaseException} starts over, at most
 * {@value #MAX_ATTEMPTS} times, after which the caller gets {@code conflict}. After each committed transition the
 * listener is called and the change published on the feed.
 *
 * <p>Who may do what: anyone whose identity the purpose's requester rules admit may request; approving and denying
 * are judged by the lease domain (approval groups, never the requester); only the requester (same issuer and subject)
 * may fetch the credential and end the lease; the requester and anyone eligible to approve it may revoke it.
 */
public final class LeaseService implements AutoCloseable {

    /** How often a write is re-read and re-applied after losing a race before it gives up. */
    public static final int MAX_ATTEMPTS = 5;
    /** The longest wait {@link #awaitChange} accepts. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(LeaseService.class);

    private final LeaseStore store;
    private final Supplier<PolicySet> policies;
    private final LeaseChangeFeed feed;
    private final LeaseEventListener listener;
    private final ConnectionDirectory connections;
    private final Clock clock;
    private final LeaseRequests requests;
    private final CredentialMinter minter;
    private final String node;
    private final ScheduledExecutorService waiterThread;
    private final ChangeWaiters waiters;
    private final LeaseChangeFeed.Subscription subscription;

    /**
     * @param store       where leases live
     * @param policies    the current policies (read at every request and session admission, so a reload applies)
     * @param feed        where committed changes are published, and where this node hears of the others'
     * @param listener    told of every committed transition and credential fetch
     * @param connections where the proxy serves each target, for the credential answer
     * @param clock       the time of every transition
     * @param random      lease ids, passwords and salts
     * @param node        this node's name, recorded with the sessions it admits
     */
    public LeaseService(LeaseStore store, Supplier<PolicySet> policies, LeaseChangeFeed feed,
                        LeaseEventListener listener, ConnectionDirectory connections, Clock clock,
                        SecureRandom random, String node) {
        this.store = Objects.requireNonNull(store, "store");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requests = new LeaseRequests(clock, Objects.requireNonNull(random, "random"));
        this.minter = new CredentialMinter(random);
        this.node = Objects.requireNonNull(node, "node");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("phiguard-lease-waiters");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.waiterThread = executor;
        this.waiters = new ChangeWaiters(store::find, executor);
        this.subscription = feed.subscribe(waiters);
    }

    // --- requester and reviewers ------------------------------------------------------------------------------

    /**
     * A new lease for {@code purpose}: PENDING, or APPROVED at once when the policy needs no approval.
     *
     * @param ttl    the time to live asked for; empty for the policy's default
     * @param reason the requester's reason; null or blank for none
     */
    public Lease request(Identity who, String purpose, Optional<Duration> ttl, String reason) {
        Principal requester = Principals.of(who);
        Policy policy = policies.get().find(Objects.requireNonNull(purpose, "purpose"))
                .orElseThrow(() -> new LeaseServiceException(LeaseServiceException.Code.UNKNOWN_PURPOSE,
                        "no policy for purpose " + printable(purpose)));
        Lease lease = requests.request(policy, requester, ttl, reason);
        store.create(lease);
        LOG.info("lease {} requested by {} for purpose {} ({})", lease.id(), requester.subject(), lease.purpose(),
                lease.state());
        committed(Optional.empty(), lease, new LeaseEvent.Requested(), Optional.of(requester));
        return lease;
    }

    /**
     * Approves a pending lease.
     *
     * @param requestHash the request hash the reviewer saw; empty to approve the lease as it is stored
     */
    public Lease approve(Identity who, String leaseId, Optional<String> requestHash, Optional<String> reason) {
        Principal approver = Principals.of(who);
        Lease lease = transition(leaseId, Optional.of(approver), current -> { },
                current -> new LeaseEvent.Approved(approver, reason, requestHash.orElse(current.requestHash())));
        LOG.info("lease {} approved by {} ({})", lease.id(), approver.subject(), lease.state());
        return lease;
    }

    /** Denies a pending lease; {@code reason} is required. */
    public Lease deny(Identity who, String leaseId, String reason) {
        Principal approver = Principals.of(who);
        Lease lease = transition(leaseId, Optional.of(approver), current -> { },
                current -> new LeaseEvent.Denied(approver, reason == null ? "" : reason));
        LOG.info("lease {} denied by {}", lease.id(), approver.subject());
        return lease;
    }

    /** Revokes a granted lease: the requester, or anyone eligible to approve it, may. */
    public Lease revoke(Identity who, String leaseId, Optional<String> reason) {
        Principal by = Principals.of(who);
        Lease lease = transition(leaseId, Optional.of(by), current -> {
            if (!current.requester().sameIdentityAs(by) && !current.approvalRule().isEligibleApprover(by.groups())) {
                throw notAllowed(by, "revoke", current);
            }
        }, current -> new LeaseEvent.Revoked(by, reason));
        LOG.info("lease {} revoked by {}", lease.id(), by.subject());
        return lease;
    }

    /** The requester says they are done: the lease ends as COMPLETED. */
    public Lease end(Identity who, String leaseId) {
        Principal requester = Principals.of(who);
        Lease lease = transition(leaseId, Optional.of(requester), current -> requireRequester(current, requester,
                "end"), current -> new LeaseEvent.Completed());
        LOG.info("lease {} ended by its requester {}", lease.id(), requester.subject());
        return lease;
    }

    /**
     * Mints the lease's credential, stores its verifier, and returns the plaintext: once, to the requester only.
     * The caller writes the answer and then closes it (which wipes the password).
     */
    public CredentialAnswer fetchCredential(Identity who, String leaseId) {
        Principal requester = Principals.of(who);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Lease current = get(leaseId);
            requireRequester(current, requester, "fetch the credential of");
            try {
                Instant now = clock.instant();
                current = catchUp(current, now);
                String target = current.target();
                ConnectionInfo connection = connections.forTarget(target).orElseThrow(() -> new LeaseServiceException(
                        LeaseServiceException.Code.TARGET_UNAVAILABLE, "this broker serves no proxy for target "
                        + target + " of lease " + leaseId));
                IssuedCredential issued = minter.issue(current, now);
                try {
                    store.issueCredential(issued.lease(), current.version(), issued.credential().scramVerifier());
                } catch (RuntimeException e) {
                    issued.close();
                    throw e;
                }
                LOG.info("lease {}: credential handed to its requester {}", leaseId, requester.subject());
                committed(Optional.of(current), issued.lease(), new LeaseEvent.CredentialIssued(),
                        Optional.of(requester));
                try {
                    listener.credentialFetched(issued.lease(), requester);
                } catch (RuntimeException e) {
                    LOG.error("the lease event listener failed on the credential fetch of lease {}", leaseId, e);
                }
                return new CredentialAnswer(issued.lease(), issued.credential(), connection);
            } catch (StaleLeaseException e) {
                LOG.debug("lease {} changed during a credential fetch (attempt {})", leaseId, attempt);
            }
        }
        throw conflict(leaseId);
    }

    // --- reading ---------------------------------------------------------------------------------------------------

    /** The lease, if there is one. */
    public Optional<Lease> find(String leaseId) {
        return LeaseIds.isValid(leaseId) ? store.find(leaseId) : Optional.empty();
    }

    /** The lease, or {@code not_found}. */
    public Lease get(String leaseId) {
        return find(leaseId).orElseThrow(() -> new LeaseServiceException(LeaseServiceException.Code.NOT_FOUND,
                "no lease " + printable(leaseId)));
    }

    /** The leases that match, newest first. */
    public List<Lease> list(LeaseFilter filter) {
        return store.list(filter);
    }

    /**
     * The lease as soon as its version differs from {@code fromVersion} (at once if it already does), or as it is
     * after {@code timeout} (capped at {@link #MAX_WAIT}). No thread is held while waiting. The future fails with
     * {@code not_found} for an unknown lease.
     */
    public CompletableFuture<Lease> awaitChange(String leaseId, long fromVersion, Duration timeout) {
        if (!LeaseIds.isValid(leaseId)) {
            return CompletableFuture.failedFuture(new LeaseServiceException(LeaseServiceException.Code.NOT_FOUND,
                    "no lease " + printable(leaseId)));
        }
        Duration wait = timeout.isNegative() ? Duration.ZERO : timeout.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : timeout;
        return waiters.await(leaseId, fromVersion, wait);
    }

    /** How many leases are in each state, in the whole store. */
    public java.util.Map<dev.phiguard.broker.lease.LeaseState, Long> countByState() {
        return store.countByState();
    }

    /** How many long-poll callers wait now. */
    public int waiting() {
        return waiters.size();
    }

    // --- the proxy's side ----------------------------------------------------------------------------------------

    /** The stored SCRAM verifier of the lease's credential, once fetched. */
    public Optional<String> verifier(String leaseId) {
        return LeaseIds.isValid(leaseId) ? store.verifier(leaseId) : Optional.empty();
    }

    /**
     * Whether a new proxy session may open under the lease now (within the current policy's session limit), and if
     * so records it: the lease counts it (APPROVED becomes ACTIVE) and the session is stored with this node's name.
     *
     * @param sessionId     the proxy's id of the session, unique within the lease
     * @param clientAddress the client's address, as the proxy saw it
     */
    public SessionAdmission admitSession(String leaseId, String sessionId, String clientAddress) {
        String session = checkedText(sessionId, "session id");
        String client = clientAddress == null || clientAddress.isEmpty() ? "unknown"
                : printable(clientAddress.length() > LeaseSession.MAX_TEXT
                ? clientAddress.substring(0, LeaseSession.MAX_TEXT) : clientAddress);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Lease current = get(leaseId);
            try {
                Instant now = clock.instant();
                current = catchUp(current, now);
                Optional<Policy> policy = policies.get().find(current.purpose());
                if (policy.isEmpty()) {
                    return new SessionAdmission.Refused(SessionAdmission.Reason.LEASE_OVER, "lease " + leaseId
                            + ": its purpose " + current.purpose() + " has no policy any more");
                }
                SessionAdmission admission = LeaseSessions.admit(current, policy.get().lease(), now);
                if (admission instanceof SessionAdmission.Admitted admitted) {
                    store.openSession(admitted.lease(), current.version(), new LeaseSession(session, leaseId, node,
                            client, now.truncatedTo(ChronoUnit.MICROS), Optional.empty()));
                    LOG.info("lease {}: session {} admitted from {}", leaseId, session, client);
                    committed(Optional.of(current), admitted.lease(), new LeaseEvent.SessionOpened(),
                            Optional.empty());
                } else if (admission instanceof SessionAdmission.Refused refused) {
                    LOG.info("lease {}: session {} refused ({})", leaseId, session, refused.reason().code());
                }
                return admission;
            } catch (StaleLeaseException e) {
                LOG.debug("lease {} changed during a session admission (attempt {})", leaseId, attempt);
            }
        }
        throw conflict(leaseId);
    }

    /**
     * A proxy session of the lease ended: the lease counts it down (a lease of {@code max_sessions: 1} completes).
     * Closing a session that is unknown or already closed changes nothing.
     *
     * @return the lease as it is now
     */
    public Lease sessionClosed(String leaseId, String sessionId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Lease current = get(leaseId);
            boolean open = store.sessions(leaseId).stream().anyMatch(s -> s.id().equals(sessionId) && s.isOpen());
            if (!open) {
                return current;
            }
            try {
                Instant now = clock.instant();
                current = catchUp(current, now);
                Lease next = LeaseTransitions.apply(current, new LeaseEvent.SessionClosed(), now);
                store.closeSession(next, current.version(), sessionId, now);
                LOG.info("lease {}: session {} closed ({})", leaseId, sessionId, next.state());
                committed(Optional.of(current), next, new LeaseEvent.SessionClosed(), Optional.empty());
                return next;
            } catch (StaleLeaseException e) {
                LOG.debug("lease {} changed while closing session {} (attempt {})", leaseId, sessionId, attempt);
            }
        }
        throw conflict(leaseId);
    }

    /** The sessions of a lease, oldest first. */
    public List<LeaseSession> sessions(String leaseId) {
        get(leaseId);
        return store.sessions(leaseId);
    }

    // --- deadlines -------------------------------------------------------------------------------------------------

    /**
     * Fires the lease's deadline if it is due now (Expired or PendingTimedOut).
     *
     * @return the lease after the deadline fired; empty when nothing was due (another node may have fired it)
     */
    public Optional<Lease> fireDeadline(String leaseId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Lease> found = store.find(leaseId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Lease current = found.get();
            Instant now = clock.instant();
            if (LeaseDeadlines.dueEvent(current, now).isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(catchUp(current, now));
            } catch (StaleLeaseException e) {
                LOG.debug("lease {} changed while its deadline fired (attempt {})", leaseId, attempt);
            }
        }
        throw conflict(leaseId);
    }

    @Override
    public void close() {
        subscription.close();
        waiters.close();
        waiterThread.shutdownNow();
    }

    // --- plumbing --------------------------------------------------------------------------------------------------

    /** What a caller must be allowed before an event is applied; throws to refuse. */
    @FunctionalInterface
    private interface Permission {
        void check(Lease current);
    }

    /** The event to apply to the (caught-up) current lease. */
    @FunctionalInterface
    private interface EventFor {
        LeaseEvent of(Lease current);
    }

    private Lease transition(String leaseId, Optional<Principal> actor, Permission permission, EventFor eventFor) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Lease current = get(leaseId);
            permission.check(current);
            try {
                Instant now = clock.instant();
                current = catchUp(current, now);
                LeaseEvent event = eventFor.of(current);
                Lease next = LeaseTransitions.apply(current, event, now);
                store.update(next, current.version());
                committed(Optional.of(current), next, event, actor);
                return next;
            } catch (StaleLeaseException e) {
                LOG.debug("lease {} changed concurrently (attempt {})", leaseId, attempt);
            }
        }
        throw conflict(leaseId);
    }

    /** Applies and stores the deadline event that is due at {@code now}, if any; returns the lease as stored. */
    private Lease catchUp(Lease current, Instant now) {
        Optional<LeaseEvent> due = LeaseDeadlines.dueEvent(current, now);
        if (due.isEmpty()) {
            return current;
        }
        Lease next = LeaseTransitions.apply(current, due.get(), now);
        store.update(next, current.version());
        LOG.info("lease {}: {} at its deadline", current.id(), due.get().name());
        committed(Optional.of(current), next, due.get(), Optional.empty());
        return next;
    }

    private void committed(Optional<Lease> before, Lease after, LeaseEvent event, Optional<Principal> actor) {
        waiters.committed(after); // first: a long-poll waiter hears of the change before anything else happens
        try {
            listener.transitioned(new LeaseTransition(before, after, event, actor));
        } catch (RuntimeException e) {
            LOG.error("the lease event listener failed on lease {} v{}", after.id(), after.version(), e);
        }
        feed.publish(new LeaseChange(after.id(), after.version(), after.state()));
    }

    private static void requireRequester(Lease lease, Principal caller, String action) {
        if (!lease.requester().sameIdentityAs(caller)) {
            throw notAllowed(caller, action, lease);
        }
    }

    private static LeaseServiceException notAllowed(Principal caller, String action, Lease lease) {
        return new LeaseServiceException(LeaseServiceException.Code.NOT_ALLOWED, caller.displayName()
                + " may not " + action + " lease " + lease.id() + ": only its requester "
                + lease.requester().displayName() + (action.equals("revoke") ? " or an eligible approver" : "")
                + " may");
    }

    private static LeaseServiceException conflict(String leaseId) {
        return new LeaseServiceException(LeaseServiceException.Code.CONFLICT, "lease " + leaseId
                + " kept changing concurrently (" + MAX_ATTEMPTS + " attempts); try again");
    }

    private static String checkedText(String text, String what) {
        if (text == null || text.isEmpty() || text.length() > LeaseSession.MAX_TEXT) {
            throw new LeaseServiceException(LeaseServiceException.Code.BAD_REQUEST, "a " + what + " must be 1 to "
                    + LeaseSession.MAX_TEXT + " characters");
        }
        return text;
    }

    /** Text from a caller, safe for a message or a log line: control characters replaced, at most 100 shown. */
    static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    @Override
    public String toString() {
        return "LeaseService[node=" + node + ", store=" + store + "]";
    }
}
