package dev.phiguard.broker.service;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.events.LeaseChangeFeed;
import dev.phiguard.broker.events.LocalChangeFeed;
import dev.phiguard.broker.identity.CiRun;
import dev.phiguard.broker.identity.Identity;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.broker.store.JdbcLeaseStore;
import dev.phiguard.broker.store.LeaseStore;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyException;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.policy.PolicySet;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Policies, identities and a service over an embedded H2 store, for the service, scheduler and HTTP tests. The
 * policies: {@code study-42} (one approval from {@code reviewers}, two sessions, TTL 30m by default, at most 2h,
 * pending timeout 15m) and {@code study-solo} (the same with one session).
 */
public final class ServiceFixture implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    public static final ConnectionInfo PROXY = new ConnectionInfo("proxy.example", 6432, "clinic", "require");

    public static final Identity CI_BOT = identity("ci-bot", Set.of("ci"), Map.of("repository", "acme/etl",
            "run_id", "4711", "jti", "token-id-1"));
    public static final Identity ALICE = identity("alice", Set.of("reviewers"), Map.of());
    public static final Identity BOB = identity("bob", Set.of("reviewers", "staff"), Map.of());
    public static final Identity MALLORY = identity("mallory", Set.of("staff"), Map.of());
    /** A requester who is also a reviewer: may request, may never approve their own lease. */
    public static final Identity CI_REVIEWER = identity("ci-reviewer", Set.of("ci", "reviewers"), Map.of());

    public final TestClock clock;
    public final LeaseStore store;
    public final LeaseChangeFeed feed;
    public final RecordingListener events = new RecordingListener();
    public final List<LeaseChange> changes = new CopyOnWriteArrayList<>();
    public final LeaseService service;
    private final LeaseChangeFeed.Subscription subscription;

    public ServiceFixture(Path dataDirectory) {
        this(JdbcLeaseStore.embedded(dataDirectory), new LocalChangeFeed(), T0);
    }

    public ServiceFixture(LeaseStore store, LeaseChangeFeed feed, Instant start) {
        this(store, feed, start, LeaseEventListener.NONE);
    }

    /** With {@code extra} told of every transition too (e.g. the metrics). */
    public ServiceFixture(LeaseStore store, LeaseChangeFeed feed, Instant start, LeaseEventListener extra) {
        this.clock = new TestClock(start);
        this.store = store;
        this.feed = feed;
        this.subscription = feed.subscribe(changes::add);
        this.service = service(store, feed, clock, LeaseEventListener.all(List.of(events, extra)), "node-a");
    }

    public static LeaseService service(LeaseStore store, LeaseChangeFeed feed, Clock clock,
                                       LeaseEventListener listener, String node) {
        return new LeaseService(store, ServiceFixture::policies, feed, listener,
                target -> target.equals("clinic") ? Optional.of(PROXY) : Optional.empty(), clock, new SecureRandom(),
                node);
    }

    public static PolicySet policies() {
        return new PolicySet(Map.of("study-42", policy("study-42", 2), "study-solo", policy("study-solo", 1)));
    }

    static Policy policy(String purpose, int maxSessions) {
        try {
            return new PolicyLoader().parse(Path.of(purpose + ".yaml"), """
                    purpose: %s
                    description: service test policy
                    requesters:
                      - issuer: local
                        groups: [ci]
                    approval:
                      required: 1
                      from_groups: [reviewers]
                    lease:
                      target: clinic
                      max_ttl: 2h
                      default_ttl: 30m
                      pending_timeout: 15m
                      max_sessions: %d
                    access:
                      tables:
                        patients: [patient_id]
                    """.formatted(purpose, maxSessions));
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static Identity identity(String subject, Set<String> groups, Map<String, String> claims) {
        return new Identity("local", subject, groups, CiRun.NONE, claims, Instant.parse("2099-01-01T00:00:00Z"));
    }

    /** The stored version of a lease. */
    public long version(String leaseId) {
        return store.find(leaseId).orElseThrow().version();
    }

    public Lease stored(String leaseId) {
        return store.find(leaseId).orElseThrow();
    }

    @Override
    public void close() {
        subscription.close();
        service.close();
        feed.close();
        store.close();
    }

    /** Remembers what the service reported. */
    public static final class RecordingListener implements LeaseEventListener {
        public final List<LeaseTransition> transitions = new CopyOnWriteArrayList<>();
        public final List<String> fetches = new CopyOnWriteArrayList<>();

        @Override
        public void transitioned(LeaseTransition transition) {
            transitions.add(transition);
        }

        @Override
        public void credentialFetched(Lease lease, Principal requester) {
            fetches.add(lease.id() + " " + requester.subject());
        }

        public List<String> eventNames(String leaseId) {
            return transitions.stream().filter(t -> t.after().id().equals(leaseId)).map(t -> t.event().name())
                    .toList();
        }
    }
}
