package dev.phiguard.broker.service;

import dev.phiguard.broker.identity.Identity;
import dev.phiguard.broker.lease.Principal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns a verified {@link Identity} into the lease domain's {@link Principal}. */
public final class Principals {

    /** The token's own bookkeeping claims: they describe the token, not who holds it, and are left out. */
    static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "azp", "nonce");

    private Principals() {
    }

    /** Issuer, subject, groups, and the identity's claims without the registered JWT claims. */
    public static Principal of(Identity identity) {
        Map<String, String> claims = new TreeMap<>(identity.claims());
        claims.keySet().removeAll(REGISTERED);
        return new Principal(identity.issuer(), identity.subject(), identity.groups(), claims);
    }
}
