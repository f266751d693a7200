/**
 * The broker's operations, one {@link dev.phiguard.broker.service.LeaseService} per node: request, approve, deny,
 * revoke, end, fetch the one-time credential, list, wait for a change; and the proxy-facing part (verifier, session
 * admission and closing, the sessions of a lease). The service reads the current policies, turns verified
 * {@link dev.phiguard.broker.identity.Identity identities} into {@link dev.phiguard.broker.lease.Principal}s, applies
 * the lease domain's pure transitions and stores them under optimistic concurrency (a lost race is re-read and
 * re-applied, a bounded number of times). After every committed transition it calls its
 * {@link dev.phiguard.broker.service.LeaseEventListener} (the audit log's seam) and publishes the change on the
 * {@link dev.phiguard.broker.events.LeaseChangeFeed}, which wakes long-poll waiters on every node.
 *
 * <p>{@link dev.phiguard.broker.service.DeadlineScheduler} is one thread per node that sleeps until the store's
 * earliest deadline and fires what is due (TTL expiry, pending timeout) through the service; at start it fires
 * everything that passed while the node was down.
 *
 * <p>Refusals are {@link dev.phiguard.broker.lease.LeaseException}s of the lease domain or
 * {@link dev.phiguard.broker.service.LeaseServiceException}s (unknown lease or purpose, a caller who may not act, a
 * race lost too often); each has a machine-readable {@code code()} and changes nothing. Nothing here logs a token,
 * a password or a verifier: log lines name the lease and the caller's subject.
 */
package dev.phiguard.broker.service;
