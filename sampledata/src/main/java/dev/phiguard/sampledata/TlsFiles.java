package dev.phiguard.sampledata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The server's TLS certificate and private key, both PEM files.
 *
 * @param certificate PEM certificate (chain)
 * @param key         PEM private key of the certificate
 */
record TlsFiles(Path certificate, Path key) {

    TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** Fails with a message naming the file when a file is missing, unreadable or not PEM of the expected kind. */
    void validate() {
        requirePem(certificate, "-----BEGIN CERTIFICATE-----", "TLS certificate");
        requirePem(key, "PRIVATE KEY-----", "TLS private key");
    }

    /** Copies both files into {@code dataDirectory} as {@code server.crt} / {@code server.key}, mode 0600. */
    void installInto(Path dataDirectory) throws IOException {
        copyPrivate(certificate, dataDirectory.resolve(ServerSettings.TLS_CERT_FILE));
        copyPrivate(key, dataDirectory.resolve(ServerSettings.TLS_KEY_FILE));
    }

    private static void copyPrivate(Path source, Path target) throws IOException {
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.copy(source, out);
        }
    }

    private static void requirePem(Path file, String marker, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new EmbeddedTargetException(what + " " + file + " does not exist or is not readable");
        }
        try {
            String content = Files.readString(file, StandardCharsets.US_ASCII);
            if (!content.contains(marker)) {
                throw new EmbeddedTargetException(what + " " + file + " is not a PEM file (no '" + marker + "')");
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new EmbeddedTargetException(what + " " + file + " could not be read as PEM text", e);
        }
    }
}
