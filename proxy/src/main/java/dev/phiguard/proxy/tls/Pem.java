package dev.phiguard.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads and writes certificates and private keys as PEM files.
 *
 * <p>Keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), which OpenSSL, Netty and
 * PostgreSQL all read, with permissions {@code 0600}; every file is written to a temporary file in
 * the same directory and then renamed over the target, so a reader never sees half a file. Keys can
 * be read as PKCS#8, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}. Error messages name the file
 * and never contain its content.
 */
public final class Pem {

    private static final byte[] NEWLINE = {'\n'};

    private Pem() {}

    /** Writes the certificate to {@code certificateFile} (0644) and the key to {@code keyFile} (0600). */
    public static void write(CertificateAndKey certificateAndKey, Path certificateFile, Path keyFile) throws IOException {
        writeCertificates(certificateFile, List.of(certificateAndKey.certificate()));
        writePrivateKey(keyFile, certificateAndKey.privateKey());
    }

    /** Writes one or more certificates (e.g. a chain, leaf first) to a PEM file with mode 0644. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate to write to " + file);
        }
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        for (X509Certificate certificate : certificates) {
            try {
                pem.write(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IOException("cannot encode a certificate for " + file, e);
            }
        }
        writeAtomically(file, pem.toByteArray(), "rw-r--r--");
    }

    /** Writes a private key as unencrypted PKCS#8 PEM, created with mode 0600. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IOException("the private key for " + file + " cannot be exported as PKCS#8");
        }
        byte[] pem = block("PRIVATE KEY", encoded);
        try {
            writeAtomically(file, pem, "rw-------");
        } finally {
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** Reads the certificate and key, checking that the key belongs to the (first) certificate. */
    public static CertificateAndKey read(Path certificateFile, Path keyFile) throws IOException {
        X509Certificate certificate = readCertificates(certificateFile).get(0);
        PrivateKey key = readPrivateKey(keyFile);
        requireMatchingKey(certificate, key, certificateFile, keyFile);
        return new CertificateAndKey(certificate, key);
    }

    /**
     * Reads all certificates of a PEM file.
     *
     * @throws IOException naming the file if it is missing, unreadable or holds no certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        byte[] content = readFile(file, "certificate");
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IOException("certificate file " + file + " does not hold valid PEM certificates", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("certificate file " + file + " holds no certificate");
        }
        return List.copyOf(certificates);
    }

    /**
     * Reads an unencrypted private key (PKCS#8, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}).
     *
     * @throws IOException naming the file if it is missing, unreadable, encrypted or not a key; the
     *     message never quotes the file
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] content = readFile(file, "private key");
        Object key = null;
        boolean sawOtherBlock = false;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
                    key = object;
                    break;
                }
                sawOtherBlock = true; // e.g. EC PARAMETERS before the key, an encrypted key, a certificate
            }
        } catch (IOException | RuntimeException e) {
            // not chained: a parser message could quote the file
            throw new IOException("private key file " + file + " is not valid PEM");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        if (key == null) {
            throw new IOException("private key file " + file + (sawOtherBlock
                    ? " holds no unencrypted private key (expected BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN RSA PRIVATE KEY)"
                    : " holds no PEM private key"));
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter(); // JDK providers, none registered
            return key instanceof PrivateKeyInfo info
                    ? converter.getPrivateKey(info)
                    : converter.getKeyPair((PEMKeyPair) key).getPrivate();
        } catch (IOException | RuntimeException e) {
            throw new IOException("private key file " + file + " holds a key this JVM cannot load");
        }
    }

    /** Fails unless {@code key} signs what {@code certificate}'s public key verifies. */
    static void requireMatchingKey(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile)
            throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> throw new IOException("private key file " + keyFile + " holds an unsupported "
                    + key.getAlgorithm() + " key");
        };
        boolean matches;
        try {
            byte[] probe = "phiguard key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IOException("private key file " + keyFile + " does not belong to the certificate in " + certificateFile);
        }
    }

    private static byte[] readFile(Path file, String what) throws IOException {
        Objects.requireNonNull(file, what + " file");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(what + " file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new IOException(what + " file " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new IOException(what + " file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] block(String type, byte[] der) {
        byte[] base64 = Base64.getMimeEncoder(64, NEWLINE).encode(der);
        byte[] begin = ("-----BEGIN " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = ("\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] pem = new byte[begin.length + base64.length + end.length];
        System.arraycopy(begin, 0, pem, 0, begin.length);
        System.arraycopy(base64, 0, pem, begin.length, base64.length);
        System.arraycopy(end, 0, pem, begin.length + base64.length, end.length);
        Arrays.fill(base64, (byte) 0);
        return pem;
    }

    private static void writeAtomically(Path file, byte[] content, String posixPermissions) throws IOException {
        writeAtomically(file, content, posixPermissions, true);
    }

    /**
     * Writes a file in one step: the content goes to a temporary file created with its final permissions (never
     * readable by others, not even briefly) and forced to disk, which is then moved over {@code file}
     * ({@code replace}) or linked to it, failing if it exists (never overwrite, e.g. a key).
     *
     * @param posixPermissions e.g. {@code rw-------}; ignored where the file system has no POSIX permissions
     */
    public static void writeAtomically(Path file, byte[] content, String posixPermissions, boolean replace)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posixPermissions))}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) { // the umask may have narrowed the mode at creation
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(posixPermissions));
            }
            if (replace) {
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.createLink(target, temporary); // fails if the target exists
            }
        } catch (FileAlreadyExistsException e) {
            throw e; // not replacing, and the file is there: the caller decides
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
