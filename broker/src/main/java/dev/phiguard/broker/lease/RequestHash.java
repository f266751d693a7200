package dev.phiguard.broker.lease;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The hash that binds an approval to exactly what was requested: SHA-256, as 64 lower-case hex digits, over a
 * canonical encoding of the lease id, purpose, target, time to live, requester (issuer and subject) and reason.
 *
 * <p>Encoding ({@code v1}): the ASCII tag {@code phiguard-lease-request-v1}, then for each field in the order above
 * its name, {@code '='}, the decimal length in bytes of its UTF-8 value, {@code ':'}, the value and {@code '\n'}.
 * The length prefix makes the encoding unambiguous whatever the values contain. The TTL is written as
 * {@link Duration#toString()} (e.g. {@code PT30M}). The lease id is included so that an approval cannot be carried
 * over to another, identical-looking request. The encoding is part of the API: reviewers' clients may recompute it.
 */
public final class RequestHash {

    static final String TAG = "phiguard-lease-request-v1";

    private RequestHash() {
    }

    /** The request hash of these request fields. */
    public static String of(String leaseId, String purpose, String target, Duration ttl, Principal requester,
                            String reason) {
        StringBuilder canonical = new StringBuilder(TAG).append('\n');
        field(canonical, "lease", leaseId);
        field(canonical, "purpose", purpose);
        field(canonical, "target", target);
        field(canonical, "ttl", ttl.toString());
        field(canonical, "requester.issuer", requester.issuer());
        field(canonical, "requester.subject", requester.subject());
        field(canonical, "reason", reason);
        return HexFormat.of().formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The request hash of a lease's request fields (equal to {@link Lease#requestHash()} of a valid lease). */
    public static String of(Lease lease) {
        return of(lease.id(), lease.purpose(), lease.target(), lease.ttl(), lease.requester(), lease.reason());
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append('=').append(value.getBytes(StandardCharsets.UTF_8).length).append(':')
                .append(value).append('\n');
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
