/**
 * The reviewer's and auditor's commands: {@code leases} (table or JSON, and {@code leases show}), {@code approve},
 * {@code deny}, {@code revoke} and {@code sessions}, with their renderings ({@link dev.phiguard.cli.review.LeaseTable},
 * {@link dev.phiguard.cli.review.LeaseDetails}).
 */
package dev.phiguard.cli.review;
