package dev.phiguard.broker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.phiguard.policies.policy.RequesterRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The local development token issuer of the embedded defaults ({@code phiguard server} without configuration,
 * {@code phiguard demo}, {@code phiguard token issue}). Its ES256 (EC P-256) signing key is generated on first use
 * and kept in the data directory as {@value #KEY_FILE} (owner read/write only, written atomically), so tokens stay
 * valid across restarts. Its issuer is {@value RequesterRule#LOCAL_ISSUER}, which policies name as
 * {@code issuer: local}; {@link #issuerConfig()} is what the {@link TokenVerifier} needs to trust it.
 *
 * <p>It is a development tool: anyone who can read the key file can mint tokens.
 */
public final class DevelopmentIssuer {

    public static final String ISSUER = RequesterRule.LOCAL_ISSUER;
    public static final String KEY_FILE = "dev-issuer.jwk";
    public static final String DEFAULT_AUDIENCE = "phiguard";
    /** The longest TTL {@link #issue} accepts. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    public static final String GROUPS_CLAIM = IssuerConfig.DEFAULT_GROUPS_CLAIM;

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentIssuer.class);
    private static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", GROUPS_CLAIM);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final long MAX_KEY_FILE_BYTES = 16 * 1024;

    private final ECKey signingKey;
    private final JWKSet publicKeys;
    private final Path keyFile;
    private final String audience;
    private final Clock clock;

    private DevelopmentIssuer(ECKey signingKey, Path keyFile, String audience, Clock clock) {
        this.signingKey = signingKey;
        this.publicKeys = new JWKSet(signingKey.toPublicJWK());
        this.keyFile = keyFile;
        this.audience = audience;
        this.clock = clock;
    }

    /** Opens the issuer of this data directory with the default audience {@value #DEFAULT_AUDIENCE}. */
    public static DevelopmentIssuer open(Path dataDirectory, Clock clock) throws IOException {
        return open(dataDirectory, DEFAULT_AUDIENCE, clock);
    }

    /**
     * Opens the issuer of this data directory: loads {@value #KEY_FILE}, or generates the key and writes it when
     * the file does not exist yet (creating the directory, owner-only, if needed).
     *
     * @throws IOException naming the file and what to do, when it cannot be written or read, is readable by other
     *                     users, or does not hold an EC P-256 private key
     */
    public static DevelopmentIssuer open(Path dataDirectory, String audience, Clock clock) throws IOException {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("the development issuer's audience must not be empty");
        }
        Path directory = dataDirectory.toAbsolutePath();
        if (!Files.isDirectory(directory)) {
            if (posix()) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                PosixFilePermission.OWNER_EXECUTE)));
            } else {
                Files.createDirectories(directory);
            }
        }
        Path file = directory.resolve(KEY_FILE);
        ECKey key = Files.exists(file) ? load(file) : create(file);
        return new DevelopmentIssuer(key, file, audience, clock);
    }

    /**
     * Mints a signed token with {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp},
     * {@code jti} and {@code groups}, plus the given string claims (e.g. {@code repository} to play a CI job).
     *
     * @throws IllegalArgumentException for a blank subject or group, a claim that would override one of the
     *                                  issuer's own, or a TTL under 1 s or over {@link #MAX_TTL}
     */
    public String issue(String subject, Set<String> groups, Map<String, String> claims, Duration ttl) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl must be at least 1s, got " + Text.duration(ttl));
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl " + Text.duration(ttl)
                    + " exceeds the development issuer's limit of " + Text.duration(MAX_TTL));
        }
        for (String group : groups) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("a group name must not be empty");
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl.truncatedTo(ChronoUnit.SECONDS))))
                .jwtID(UUID.randomUUID().toString())
                .claim(GROUPS_CLAIM, List.copyOf(new TreeSet<>(groups)));
        for (Map.Entry<String, String> claim : claims.entrySet()) {
            String name = claim.getKey();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a claim name must not be empty");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("claim \"" + name + "\" is set by the issuer and cannot be given");
            }
            builder.claim(name, Objects.requireNonNull(claim.getValue(), () -> "value of claim " + name));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(), builder.build());
        try {
            jwt.sign(new ECDSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("the development issuer could not sign a token");
        }
        return jwt.serialize();
    }

    /** The key id ({@code kid}) of the signing key: its RFC 7638 thumbprint. */
    public String keyId() {
        return signingKey.getKeyID();
    }

    /** The public key set (no private part), e.g. to serve as a JWKS document. */
    public JWKSet publicJwks() {
        return publicKeys;
    }

    public String audience() {
        return audience;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** What a {@link TokenVerifier} needs to trust this issuer: its public key, audience, ES256, 24 h lifetime. */
    public IssuerConfig issuerConfig() {
        return IssuerConfig.of(ISSUER, audience, new KeySource.StaticKeys(publicKeys))
                .withAlgorithms(EnumSet.of(SigningAlgorithm.ES256))
                .withMaxLifetime(MAX_TTL);
    }

    @Override
    public String toString() {
        return "DevelopmentIssuer[issuer=" + ISSUER + ", kid=" + keyId() + ", keyFile=" + keyFile + "]";
    }

    private static ECKey create(Path file) throws IOException {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the development issuer's EC P-256 key");
        }
        Path directory = file.getParent();
        Path temporary = posix()
                ? Files.createTempFile(directory, ".dev-issuer-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, ".dev-issuer-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(key.toJSONString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (!publish(temporary, file)) {
                // another process created the key first: use that one, so both sign with the same key
                return load(file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
        LOG.info("generated the development issuer's signing key {} in {}", key.getKeyID(), file);
        return key;
    }

    /** Puts the complete file in place at once; false when the target appeared meanwhile. */
    private static boolean publish(Path temporary, Path file) throws IOException {
        try {
            Files.createLink(file, temporary); // atomic, and never replaces an existing file
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(file)) {
                return false;
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private static ECKey load(Path file) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException(file + " is accessible by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "); it holds a signing key: run chmod 600 "
                        + file);
            }
        }
        if (Files.size(file) > MAX_KEY_FILE_BYTES) {
            throw new IOException(file + " is too large to be a signing key; delete it to generate a new one");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            throw new IOException(file + " is not a valid JSON Web Key; delete it to generate a new one");
        }
        if (!(jwk instanceof ECKey key) || !Curve.P_256.equals(key.getCurve()) || !key.isPrivate()
                || key.getKeyID() == null) {
            throw new IOException(file + " does not hold an EC P-256 private key with a key id; "
                    + "delete it to generate a new one");
        }
        return key;
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the file itself is synced
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
