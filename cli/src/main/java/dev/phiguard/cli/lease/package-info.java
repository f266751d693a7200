/**
 * {@code phiguard lease}: request a lease, wait for its approval ({@link dev.phiguard.cli.lease.ApprovalWaiter}
 * with a {@link dev.phiguard.cli.lease.WaitProgress}), then hand the one-time credential over, either printed
 * ({@link dev.phiguard.cli.lease.CredentialOutput}: {@code env} lines for {@code eval}, or JSON) or in the
 * environment of a command ({@link dev.phiguard.cli.lease.CommandRunner}), after which the lease is ended.
 */
package dev.phiguard.cli.lease;
