package dev.phiguard.proxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's TLS certificate when none is configured: a self-signed certificate for
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}, kept as {@value #CERTIFICATE_FILE} and
 * {@value #KEY_FILE} in a directory so that clients can pin it across restarts.
 *
 * @param certificateFile the PEM certificate, which clients may use as their root certificate
 * @param keyFile the PKCS#8 PEM key (mode 0600)
 * @param certificateAndKey what the files hold
 */
public record DevelopmentCertificate(Path certificateFile, Path keyFile, CertificateAndKey certificateAndKey) {

    /** File name of the certificate inside the directory. */
    public static final String CERTIFICATE_FILE = "proxy.crt";
    /** File name of the private key inside the directory. */
    public static final String KEY_FILE = "proxy.key";
    /** Names the generated certificate is valid for. */
    public static final List<String> DNS_NAMES = List.of("localhost");
    /** Addresses the generated certificate is valid for. */
    public static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentCertificate.class);

    /** Rejects nulls. */
    public DevelopmentCertificate {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(certificateAndKey, "certificateAndKey");
    }

    /**
     * Loads {@value #CERTIFICATE_FILE} and {@value #KEY_FILE} from {@code directory}, or, when
     * neither exists, generates a self-signed certificate and writes both (creating the directory
     * with mode 0700). Logs what it did with the certificate's SHA-256 fingerprint.
     *
     * @throws IOException naming the file when only one of the two exists, or a file is unreadable,
     *     invalid, or the key does not match the certificate
     */
    public static DevelopmentCertificate loadOrCreate(Path directory) throws IOException {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        boolean hasCertificate = Files.exists(certificateFile);
        boolean hasKey = Files.exists(keyFile);
        if (hasCertificate && hasKey) {
            CertificateAndKey loaded = Pem.read(certificateFile, keyFile);
            LOG.info("TLS: using the certificate {} (SHA-256 fingerprint {})", certificateFile, loaded.sha256Fingerprint());
            warnIfOutsideValidity(loaded, certificateFile);
            return new DevelopmentCertificate(certificateFile, keyFile, loaded);
        }
        if (hasCertificate || hasKey) {
            throw new IOException("found " + (hasCertificate ? certificateFile : keyFile) + " but not "
                    + (hasCertificate ? keyFile : certificateFile)
                    + ": provide both, or remove it to have a development certificate generated");
        }
        createPrivateDirectory(directory);
        CertificateAndKey generated = SelfSignedCertificate.generate("phiguard development proxy", DNS_NAMES, IP_ADDRESSES);
        // key first: a certificate file without its key is never left behind
        Pem.writePrivateKey(keyFile, generated.privateKey());
        Pem.writeCertificates(certificateFile, List.of(generated.certificate()));
        LOG.info("TLS: generated a self-signed development certificate for {} and {} in {} (SHA-256 fingerprint {}); "
                        + "clients can trust it with sslrootcert={}",
                DNS_NAMES, IP_ADDRESSES, directory, generated.sha256Fingerprint(), certificateFile);
        return new DevelopmentCertificate(certificateFile, keyFile, generated);
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path absolute = directory.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        if (Files.getFileStore(absolute.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(absolute);
        }
    }

    private static void warnIfOutsideValidity(CertificateAndKey loaded, Path certificateFile) {
        Instant now = Instant.now();
        Instant notAfter = loaded.certificate().getNotAfter().toInstant();
        if (now.isAfter(notAfter) || now.isBefore(loaded.certificate().getNotBefore().toInstant())) {
            LOG.warn("TLS: the certificate {} is not valid now (valid until {}); clients will refuse it. "
                    + "Delete it and its key to have a new one generated", certificateFile, notAfter);
        }
    }

    @Override
    public String toString() {
        return "DevelopmentCertificate[" + certificateFile + ", " + keyFile + ", " + certificateAndKey + "]";
    }
}
