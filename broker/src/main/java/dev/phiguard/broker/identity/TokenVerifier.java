package dev.phiguard.broker.identity;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.phiguard.broker.identity.InvalidTokenException.Reason;

/**
 * Verifies OIDC bearer tokens (JWTs) from a set of trusted issuers and turns them into an {@link Identity}.
 *
 * <p>In order: the size is checked before anything is parsed; the compact serialisation is parsed; unsecured
 * ({@code alg: none}) and encrypted tokens are refused; the still unverified {@code iss} picks the issuer; the
 * header's algorithm must be one the issuer is trusted with (so an {@code HS256} token "signed" with a public key
 * is refused before any key is looked at); nimbus then selects the key by {@code kid} from the issuer's key
 * source and verifies the signature; only then are the claims checked ({@code exp} required, {@code nbf},
 * {@code iat}, audience, subject, lifetime) on the injected clock.
 *
 * <p>A token accepted before (the same string; a CI job calls the API several times with one token) is not
 * verified again from scratch: the verifier remembers, under the token's SHA-256, the key whose signature check
 * succeeded, and on the next call accepts the token only if the issuer's key source, asked now, still selects that
 * same key for the token's header and the time claims still hold on the clock; otherwise the token goes through
 * the full verification above. So a key the issuer retires at a key refresh ends its tokens at once, and an
 * expired token is refused as before. Only tokens whose header selected exactly one key are remembered; refusals
 * never are. At most {@value VerifiedTokens#MAX_ENTRIES} tokens are remembered, least recently used first out.
 *
 * <p>Thread-safe. Close it to release the remote key sources.
 */
public final class TokenVerifier implements AutoCloseable {

    /** Longest token accepted, in characters; real CI tokens are 1–2 KiB. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    /** Compact JWS (three parts) or JWE (five parts) in base64url. */
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]*+(?:\\.[A-Za-z0-9_-]*+){2,4}");

    private static final int HTTP_CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int HTTP_READ_TIMEOUT_MILLIS = 2_000;
    private static final int HTTP_SIZE_LIMIT_BYTES = 256 * 1024;
    private static final long CACHE_REFRESH_TIMEOUT_MILLIS = 5_000;

    /** Registered claims that are not carried into {@link Identity#claims()}: times and the audience list. */
    private static final Set<String> NOT_FLATTENED = Set.of("exp", "nbf", "iat", "aud");

    private final Map<String, Trusted> issuers;
    private final int maxTokenLength;
    private final VerifiedTokens accepted = new VerifiedTokens();

    private record Trusted(IssuerConfig config, Set<JWSAlgorithm> algorithms, JWSKeySelector<SecurityContext> selector,
                           ClaimsCheck claimsCheck, DefaultJWTProcessor<SecurityContext> processor,
                           JWKSource<SecurityContext> keys) {
    }

    /** The keys the issuer's key selector offered for one token, in the order nimbus tries them. */
    private static final class Selection implements SecurityContext {
        private List<? extends Key> keys = List.of();
    }

    /**
     * @param issuers the trusted issuers; their {@code iss} values must be distinct
     * @param clock   the clock the token times are checked against
     * @throws IllegalArgumentException when two issuers share an {@code iss}, or a JWKS file cannot be read or holds
     *                                  private keys
     */
    public TokenVerifier(Collection<IssuerConfig> issuers, Clock clock) {
        this(issuers, clock, DEFAULT_MAX_TOKEN_LENGTH);
    }

    public TokenVerifier(Collection<IssuerConfig> issuers, Clock clock, int maxTokenLength) {
        this(issuers, clock, maxTokenLength, new DefaultJWSVerifierFactory());
    }

    /** With the factory of the signature verifiers (for tests: one that counts them). */
    TokenVerifier(Collection<IssuerConfig> issuers, Clock clock, int maxTokenLength, JWSVerifierFactory signatures) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(signatures, "signatures");
        if (maxTokenLength < 256) {
            throw new IllegalArgumentException("the maximum token length must be at least 256, got " + maxTokenLength);
        }
        Map<String, Trusted> byIssuer = new LinkedHashMap<>();
        for (IssuerConfig config : issuers) {
            if (byIssuer.containsKey(config.issuer())) {
                throw new IllegalArgumentException("issuer \"" + Text.printable(config.issuer(), 200)
                        + "\" is configured twice; each 'iss' may appear once");
            }
            byIssuer.put(config.issuer(), trust(config, clock, signatures));
        }
        this.issuers = Collections.unmodifiableMap(byIssuer);
        this.maxTokenLength = maxTokenLength;
    }

    /** The {@code iss} values this verifier accepts. */
    public Set<String> issuers() {
        return issuers.keySet();
    }

    /**
     * Verifies a bearer token.
     *
     * @param bearerToken the token itself (without the {@code Bearer } prefix)
     * @return the verified identity
     * @throws InvalidTokenException with a client-safe message when the token is refused
     */
    public Identity verify(String bearerToken) throws InvalidTokenException {
        VerifiedTokens.Digest digest = null;
        if (bearerToken != null && bearerToken.length() <= maxTokenLength) {
            digest = VerifiedTokens.Digest.of(bearerToken);
            Identity known = recall(digest);
            if (known != null) {
                return known;
            }
        }
        String issuer = null;
        try {
            SignedJWT jwt = parse(bearerToken);
            JWTClaimsSet unverified = unverifiedClaims(jwt);
            issuer = unverified.getIssuer();
            Trusted trusted = trustedIssuer(issuer);
            checkHeader(jwt.getHeader(), trusted);
            Selection selection = new Selection();
            JWTClaimsSet claims = process(jwt, trusted, selection);
            Identity identity = identity(claims, trusted.config());
            LOG.debug("token accepted: {}", identity.displayName());
            if (digest != null && selection.keys.size() == 1) {
                // nimbus accepted the signature, and this was the only key it tried
                accepted.remember(digest, new VerifiedTokens.Verified(trusted.config().issuer(), jwt.getHeader(),
                        selection.keys.get(0).getEncoded(), ClaimsCheck.Times.of(claims), identity));
            }
            return identity;
        } catch (InvalidTokenException refused) {
            LOG.debug("token refused ({}): {}", issuer == null ? "no issuer" : Text.printable(issuer, 100),
                    refused.reason().code());
            throw refused;
        }
    }

    /**
     * The identity of a token verified before, if the key that verified it is still one the issuer's key source
     * selects for it now and its time claims still hold; otherwise the entry is dropped and null returned, and the
     * token goes through the full verification.
     */
    private Identity recall(VerifiedTokens.Digest digest) {
        VerifiedTokens.Verified verified = accepted.find(digest);
        if (verified == null) {
            return null;
        }
        Trusted trusted = issuers.get(verified.issuer());
        try {
            List<? extends Key> current = trusted.selector().selectJWSKeys(verified.header(), null);
            if (current.stream().anyMatch(verified::verifiedWith)) {
                trusted.claimsCheck().checkTimes(verified.times());
                LOG.debug("token accepted (verified before): {}", verified.identity().displayName());
                return verified.identity();
            }
        } catch (KeySourceException | ClaimsCheck.Rejected | RuntimeException e) {
            // no answer from memory; the full verification decides and reports
        }
        accepted.forget(digest);
        return null;
    }

    @Override
    public void close() {
        for (Trusted trusted : issuers.values()) {
            if (trusted.keys() instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException e) {
                    LOG.debug("closing the key source of {} failed: {}", trusted.config().issuer(), e.toString());
                }
            }
        }
    }

    private SignedJWT parse(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(Reason.MALFORMED, "missing token");
        }
        if (token.length() > maxTokenLength) {
            throw new InvalidTokenException(Reason.TOO_LARGE,
                    "token too large (more than " + maxTokenLength + " characters)");
        }
        String compact = token.strip();
        if (!COMPACT.matcher(compact).matches()) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed token");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed token");
        }
        if (jwt instanceof PlainJWT) {
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "unsupported algorithm none");
        }
        if (jwt instanceof EncryptedJWT) {
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM,
                    "unsupported token type: encrypted tokens (JWE) are not accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed token");
        }
        return signed;
    }

    private static JWTClaimsSet unverifiedClaims(SignedJWT jwt) throws InvalidTokenException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed token");
        }
    }

    private Trusted trustedIssuer(String issuer) throws InvalidTokenException {
        if (issuer == null) {
            throw new InvalidTokenException(Reason.UNKNOWN_ISSUER, "token has no issuer (iss)");
        }
        Trusted trusted = issuers.get(issuer);
        if (trusted == null) {
            throw new InvalidTokenException(Reason.UNKNOWN_ISSUER,
                    "unknown issuer \"" + Text.printable(issuer, 200) + "\"");
        }
        return trusted;
    }

    private static void checkHeader(JWSHeader header, Trusted trusted) throws InvalidTokenException {
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (Algorithm.NONE.equals(algorithm) || !trusted.algorithms().contains(algorithm)) {
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM,
                    "unsupported algorithm " + Text.printable(algorithm.getName(), 20));
        }
        JOSEObjectType type = header.getType();
        if (type != null && !JOSEObjectType.JWT.getType().equalsIgnoreCase(type.getType())) {
            throw new InvalidTokenException(Reason.MALFORMED,
                    "unsupported token type \"" + Text.printable(type.getType(), 40) + "\" (expected JWT)");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED, "unsupported critical header parameters");
        }
    }

    private static JWTClaimsSet process(SignedJWT jwt, Trusted trusted, Selection selection)
            throws InvalidTokenException {
        try {
            return trusted.processor().process(jwt, selection);
        } catch (ClaimsCheck.Rejected rejected) {
            throw rejected.toInvalidToken();
        } catch (BadJWSException badSignature) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "bad signature");
        } catch (BadJWTException badClaims) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed token");
        } catch (BadJOSEException noKey) {
            // no key with the token's kid (and type) in the issuer's key set, even after a refresh
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "unknown signing key");
        } catch (RateLimitReachedException rateLimited) {
            // the kid was not in the cached set and the refresh budget of the current window is spent
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "unknown signing key");
        } catch (KeySourceException unavailable) {
            LOG.warn("cannot fetch the signing keys of issuer {}: {}",
                    Text.printable(trusted.config().issuer(), 200),
                    Text.printable(String.valueOf(unavailable.getMessage()), 300));
            throw new InvalidTokenException(Reason.KEYS_UNAVAILABLE, "cannot fetch the signing keys of issuer \""
                    + Text.printable(trusted.config().issuer(), 200) + "\"; try again later");
        } catch (JOSEException | RuntimeException e) {
            // e.g. a key of the right type that the verifier cannot use; nothing verified
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "bad signature");
        }
    }

    private static Identity identity(JWTClaimsSet claims, IssuerConfig config) throws InvalidTokenException {
        Map<String, String> flat = new HashMap<>();
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            Object value = claim.getValue();
            if (NOT_FLATTENED.contains(claim.getKey())) {
                continue;
            }
            if (value instanceof String || value instanceof Boolean || value instanceof Number) {
                flat.put(claim.getKey(), String.valueOf(value));
            }
        }
        return new Identity(claims.getIssuer(), claims.getSubject(), groups(claims, config.groupsClaim()),
                CiRun.fromClaims(flat), flat, claims.getExpirationTime().toInstant());
    }

    private static Set<String> groups(JWTClaimsSet claims, String name) throws InvalidTokenException {
        Object value = claims.getClaim(name);
        if (value == null) {
            return Set.of();
        }
        if (value instanceof String single) {
            return Set.of(single);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        throw new InvalidTokenException(Reason.INVALID_CLAIMS,
                "claim \"" + Text.printable(name, 60) + "\" must be a list of strings");
    }

    private static Trusted trust(IssuerConfig config, Clock clock, JWSVerifierFactory signatures) {
        Set<JWSAlgorithm> algorithms = config.algorithms().stream().map(SigningAlgorithm::jws)
                .collect(Collectors.toUnmodifiableSet());
        JWKSource<SecurityContext> keys = keySource(config);
        JWSKeySelector<SecurityContext> selector = new JWSVerificationKeySelector<>(algorithms, keys);
        ClaimsCheck claimsCheck = new ClaimsCheck(config, clock);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector((header, context) -> {
            List<? extends Key> selected = selector.selectJWSKeys(header, context);
            if (context instanceof Selection selection) {
                selection.keys = List.copyOf(selected);
            }
            return selected;
        });
        processor.setJWSVerifierFactory(signatures);
        processor.setJWTClaimsSetVerifier(claimsCheck);
        return new Trusted(config, algorithms, selector, claimsCheck, processor, keys);
    }

    private static JWKSource<SecurityContext> keySource(IssuerConfig config) {
        String issuer = Text.printable(config.issuer(), 200);
        KeySource source = config.keys();
        if (source instanceof KeySource.StaticKeys staticKeys) {
            return new ImmutableJWKSet<>(staticKeys.keys());
        }
        if (source instanceof KeySource.JwksFile file) {
            return new ImmutableJWKSet<>(readJwksFile(file, issuer));
        }
        KeySource.JwksUri remote = (KeySource.JwksUri) source;
        try {
            DefaultResourceRetriever retriever = new DefaultResourceRetriever(HTTP_CONNECT_TIMEOUT_MILLIS,
                    HTTP_READ_TIMEOUT_MILLIS, HTTP_SIZE_LIMIT_BYTES);
            return JWKSourceBuilder.<SecurityContext>create(remote.uri().toURL(), retriever)
                    .cache(remote.cacheTtl().toMillis(), CACHE_REFRESH_TIMEOUT_MILLIS)
                    .refreshAheadCache(false)
                    .rateLimited(remote.minRefreshInterval().toMillis(), event ->
                            LOG.debug("key refresh for issuer {} rate-limited", issuer))
                    .retrying(true)
                    .outageTolerant(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("issuer \"" + issuer + "\": jwks_uri is not a usable URL");
        }
    }

    private static JWKSet readJwksFile(KeySource.JwksFile file, String issuer) {
        String where = "issuer \"" + issuer + "\": JWKS file " + file.path();
        JWKSet keys;
        try {
            if (Files.size(file.path()) > HTTP_SIZE_LIMIT_BYTES) {
                throw new IllegalArgumentException(where + " is larger than " + HTTP_SIZE_LIMIT_BYTES + " bytes");
            }
            keys = JWKSet.parse(Files.readString(file.path()));
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (ParseException e) {
            throw new IllegalArgumentException(where + " is not a JSON Web Key Set ({\"keys\": [...]})");
        }
        if (keys.containsNonPublicKeys()) {
            throw new IllegalArgumentException(where + " contains private or secret keys; keep only the public "
                    + "keys in it");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(where + " holds no keys");
        }
        return keys;
    }
}
