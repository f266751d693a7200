/**
 * The lease domain: pure values and functions, no I/O, no clock reads outside {@link
 * dev.phiguard.broker.lease.LeaseRequests} (which takes an injected {@link java.time.Clock}).
 *
 * <ul>
 *   <li>{@link dev.phiguard.broker.lease.LeaseRequests} validates a request against the purpose's policy and creates
 *       a {@link dev.phiguard.broker.lease.Lease} (version 1).</li>
 *   <li>{@link dev.phiguard.broker.lease.LeaseTransitions#apply} is the lifecycle: lease + {@link
 *       dev.phiguard.broker.lease.LeaseEvent} + instant gives the next lease (version + 1) or an {@link
 *       dev.phiguard.broker.lease.IllegalTransitionException}; approval rules are enforced there.</li>
 *   <li>{@link dev.phiguard.broker.lease.CredentialMinter#issue} records the one fetch and mints the password and its
 *       SCRAM-SHA-256 verifier.</li>
 *   <li>{@link dev.phiguard.broker.lease.LeaseSessions#admit} is the session accounting behind the proxy's credential
 *       port.</li>
 *   <li>{@link dev.phiguard.broker.lease.LeaseDeadlines} tells a scheduler what is due and when.</li>
 * </ul>
 *
 * Every refusal is a {@link dev.phiguard.broker.lease.LeaseException} with a machine-readable code; nothing is changed
 * by a refused operation. The store persists each lease with its version and writes an update only if the version it
 * read is still current, so two racing transitions (two approvals, two fetches) cannot both win.
 */
package dev.phiguard.broker.lease;
