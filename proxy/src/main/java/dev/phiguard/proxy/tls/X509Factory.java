package dev.phiguard.proxy.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Builds EC P-256 key pairs and X.509 v3 certificates signed with SHA256withECDSA. BouncyCastle
 * only assembles the ASN.1; keys, signatures and certificate parsing use the JDK's providers (no
 * provider is registered).
 */
final class X509Factory {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Tolerance for clocks that are slightly behind the one that issued the certificate. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final SecureRandom random;

    X509Factory(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /** A CA certificate (basicConstraints CA, keyCertSign), self-signed with {@code keys}. */
    X509Certificate selfSignedAuthority(String commonName, KeyPair keys, Duration validity) {
        X500Name subject = name(commonName);
        Instant now = Instant.now();
        return build(subject, keys.getPublic(), subject, new Signer(keys, null), now, now.plus(validity), builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
    }

    /**
     * A TLS server certificate for {@code dnsNames} and {@code ipAddresses}, signed by
     * {@code issuer} (or self-signed when {@code issuer} is {@code null}).
     */
    X509Certificate server(String commonName, List<String> dnsNames, List<String> ipAddresses, PublicKey subjectKey,
            Signer issuer, Instant notAfter) {
        GeneralNames subjectAltNames = subjectAltNames(dnsNames, ipAddresses);
        X500Name subject = name(commonName);
        X500Name issuerName = issuer.certificate() == null
                ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        return build(subject, subjectKey, issuerName, issuer, Instant.now(), notAfter, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
        });
    }

    /** The key that signs, and the certificate it belongs to ({@code null} when self-signing). */
    record Signer(KeyPair keys, X509Certificate certificate) {}

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, Signer signer,
            Instant notBefore, Instant notAfter, Extensions extensions) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer, new BigInteger(127, random).setBit(126), Date.from(notBefore.minus(BACKDATE)),
                    Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    signer.certificate() == null
                            ? utils.createAuthorityKeyIdentifier(subjectKey)
                            : utils.createAuthorityKeyIdentifier(signer.certificate()));
            extensions.add(builder);
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
                    .setSecureRandom(random)
                    .build(signer.keys().getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot build an X.509 certificate for " + subject, e);
        }
    }

    private static X500Name name(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("certificate common name must not be blank");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static GeneralNames subjectAltNames(List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            if (dns == null || dns.isBlank() || !dns.chars().allMatch(c -> c > 0x20 && c < 0x7f) || IPAddress.isValid(dns)) {
                throw new IllegalArgumentException("not a valid DNS name for a certificate: '" + dns
                        + "' (IP addresses go in the IP address list)");
            }
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : ipAddresses) {
            if (ip == null || !IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("not a valid IPv4 or IPv6 address for a certificate: '" + ip + "'");
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
