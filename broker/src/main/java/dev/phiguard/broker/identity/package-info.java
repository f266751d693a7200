/**
 * Who is asking: verification of OIDC bearer tokens (JWTs) from CI platforms and other issuers, and the local
 * development issuer of the embedded defaults.
 *
 * <ul>
 *   <li>{@link dev.phiguard.broker.identity.IssuerConfig} — one trusted issuer: exact {@code iss}, audiences,
 *       {@link dev.phiguard.broker.identity.KeySource} ({@code jwks_uri}, JWKS file, or static public keys),
 *       {@link dev.phiguard.broker.identity.SigningAlgorithm}s (public-key only), clock skew, maximum lifetime,
 *       groups claim.</li>
 *   <li>{@link dev.phiguard.broker.identity.TokenVerifier} — {@code verify(token)} returns an
 *       {@link dev.phiguard.broker.identity.Identity} or throws
 *       {@link dev.phiguard.broker.identity.InvalidTokenException} with a client-safe message and a
 *       machine-readable reason. A token accepted before is answered without a second signature check while the
 *       key that verified it is still in the issuer's current key set and its times hold.</li>
 *   <li>{@link dev.phiguard.broker.identity.DevelopmentIssuer} — mints ES256 tokens with issuer {@code local}
 *       from a key kept in the data directory.</li>
 * </ul>
 *
 * <p>All JOSE work (parsing, JWKS fetching, caching and rate-limited refresh, signature verification) is done by
 * nimbus-jose-jwt; this package decides what is trusted and turns claims into an identity. No token, key or
 * library message ever reaches an exception message or a log line.
 */
package dev.phiguard.broker.identity;
