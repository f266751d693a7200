package dev.phiguard.proxy.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An X.509 certificate and its private key. {@link #toString} shows the subject, the expiry and
 * the SHA-256 fingerprint of the certificate, never anything of the key.
 *
 * @param certificate the certificate
 * @param privateKey the private key of the certificate's public key
 */
public record CertificateAndKey(X509Certificate certificate, PrivateKey privateKey) {

    /** Rejects nulls. */
    public CertificateAndKey {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** @return the SHA-256 fingerprint of the certificate, as upper-case hex pairs joined by ':' */
    public String sha256Fingerprint() {
        return fingerprint(certificate);
    }

    /** @return the SHA-256 fingerprint of {@code certificate}, as upper-case hex pairs joined by ':' */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the certificate fingerprint", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAndKey[subject=" + certificate.getSubjectX500Principal().getName()
                + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", sha256=" + sha256Fingerprint()
                + ", key=" + privateKey.getAlgorithm() + " (redacted)]";
    }
}
