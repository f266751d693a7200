package dev.phiguard.proxy.tls;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Generates a self-signed TLS server certificate (EC P-256, SHA256withECDSA, serverAuth, the given
 * SubjectAltNames): the development default, which clients trust by using the certificate itself
 * as their root.
 */
public final class SelfSignedCertificate {

    /** Validity of {@link #generate(String, List, List)}. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private SelfSignedCertificate() {}

    /** Generates a certificate valid for {@link #DEFAULT_VALIDITY}. */
    public static CertificateAndKey generate(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        return generate(commonName, dnsNames, ipAddresses, DEFAULT_VALIDITY);
    }

    /**
     * Generates a certificate valid from now for {@code validity}.
     *
     * @throws IllegalArgumentException for no names, an invalid name or address, or a non-positive
     *     validity
     */
    public static CertificateAndKey generate(String commonName, List<String> dnsNames, List<String> ipAddresses,
            Duration validity) {
        CertificateAuthority.requirePositive(validity);
        X509Factory factory = new X509Factory(new SecureRandom());
        KeyPair keys = factory.newKeyPair();
        X509Certificate certificate = factory.server(commonName, List.copyOf(dnsNames), List.copyOf(ipAddresses),
                keys.getPublic(), new X509Factory.Signer(keys, null), Instant.now().plus(validity));
        return new CertificateAndKey(certificate, keys.getPrivate());
    }
}
