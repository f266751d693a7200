package dev.phiguard.proxy.tls;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A small certificate authority (EC P-256, SHA256withECDSA) that issues TLS server certificates,
 * for development setups and tests that need a trust root distinct from the server certificate.
 */
public final class CertificateAuthority {

    private final CertificateAndKey root;
    private final X509Factory factory;

    private CertificateAuthority(CertificateAndKey root, X509Factory factory) {
        this.root = root;
        this.factory = factory;
    }

    /**
     * Creates a new CA with a fresh key and a self-signed CA certificate.
     *
     * @param commonName the CA's CN
     * @param validity how long the CA certificate is valid from now
     */
    public static CertificateAuthority create(String commonName, Duration validity) {
        requirePositive(validity);
        X509Factory factory = new X509Factory(new SecureRandom());
        KeyPair keys = factory.newKeyPair();
        X509Certificate certificate = factory.selfSignedAuthority(commonName, keys, validity);
        return new CertificateAuthority(new CertificateAndKey(certificate, keys.getPrivate()), factory);
    }

    /**
     * Issues a server certificate with a fresh key: the given SubjectAltName entries, extended key
     * usage serverAuth, signed by this CA.
     *
     * @param commonName the certificate's CN (clients check the SubjectAltNames, not the CN)
     * @param dnsNames DNS names, e.g. {@code localhost}
     * @param ipAddresses IPv4 / IPv6 literals, e.g. {@code 127.0.0.1}, {@code ::1}
     * @param validity how long the certificate is valid from now; it may not outlive the CA
     * @throws IllegalArgumentException for no names, an invalid name or address, or a validity that
     *     ends after the CA certificate
     */
    public CertificateAndKey issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        requirePositive(validity);
        Instant notAfter = Instant.now().plus(validity);
        if (notAfter.isAfter(root.certificate().getNotAfter().toInstant())) {
            throw new IllegalArgumentException("the certificate would be valid after the CA certificate expires ("
                    + root.certificate().getNotAfter().toInstant() + "); shorten the validity");
        }
        KeyPair keys = factory.newKeyPair();
        KeyPair caKeys = new KeyPair(root.certificate().getPublicKey(), root.privateKey());
        X509Certificate certificate = factory.server(commonName, List.copyOf(dnsNames), List.copyOf(ipAddresses),
                keys.getPublic(), new X509Factory.Signer(caKeys, root.certificate()), notAfter);
        return new CertificateAndKey(certificate, keys.getPrivate());
    }

    /** @return the CA certificate, to hand to clients as their trust root */
    public X509Certificate certificate() {
        return root.certificate();
    }

    /** @return the CA certificate and its key, e.g. to write them with {@link Pem} */
    public CertificateAndKey certificateAndKey() {
        return root;
    }

    static void requirePositive(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive");
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + root + "]";
    }
}
