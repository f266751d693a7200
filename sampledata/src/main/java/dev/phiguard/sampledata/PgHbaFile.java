package dev.phiguard.sampledata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The fixture's {@code pg_hba.conf}: TCP from 127.0.0.1 only, no Unix-socket access, the superuser always with
 * SCRAM-SHA-256, the application role only to the sample database and with the chosen {@link AuthMethod}. Every
 * other connection is rejected because no line matches it.
 */
final class PgHbaFile {

    static final String FILE_NAME = "pg_hba.conf";

    private PgHbaFile() {
    }

    static String render(String database, String superuser, String appUser, AuthMethod appMethod) {
        return """
                # Written by phiguard EmbeddedTarget (rewritten by setAuthMethod). No other connection is allowed.
                # TYPE  DATABASE  USER  ADDRESS  METHOD
                host    all       %s    127.0.0.1/32  scram-sha-256
                host    %s        %s    127.0.0.1/32  %s
                """.formatted(superuser, database, appUser, appMethod.hbaMethod());
    }

    /** Replaces {@code pg_hba.conf} in {@code dataDirectory} atomically, so a reload never sees half a file. */
    static void write(Path dataDirectory, String content) throws IOException {
        Path target = dataDirectory.resolve(FILE_NAME);
        Path temporary = Files.createTempFile(dataDirectory, "pg_hba", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
