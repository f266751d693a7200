package dev.phiguard.sampledata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Settings appended to the fresh cluster's {@code postgresql.conf}. The cluster is disposable (initialised on every
 * start, filled with synthetic rows), so durability is traded for speed: no fsync, no full-page writes and
 * {@code wal_level=minimal}, which lets {@code COPY ... FREEZE} into a table created in the same transaction skip
 * WAL entirely.
 */
final class ServerSettings {

    static final String TLS_CERT_FILE = "server.crt";
    static final String TLS_KEY_FILE = "server.key";

    private ServerSettings() {
    }

    static String render(String host, boolean tls) {
        StringBuilder conf = new StringBuilder(1024).append("""

                # ---- phiguard EmbeddedTarget ----
                listen_addresses = '%s'
                unix_socket_directories = ''
                password_encryption = 'scram-sha-256'
                fsync = off
                full_page_writes = off
                synchronous_commit = off
                wal_level = minimal
                max_wal_senders = 0
                max_wal_size = '4GB'
                checkpoint_timeout = '30min'
                maintenance_work_mem = '256MB'
                jit = off
                timezone = 'UTC'
                """.formatted(host));
        if (tls) {
            conf.append("""
                    ssl = on
                    ssl_cert_file = '%s'
                    ssl_key_file = '%s'
                    ssl_min_protocol_version = 'TLSv1.2'
                    """.formatted(TLS_CERT_FILE, TLS_KEY_FILE));
        }
        return conf.toString();
    }

    static void appendTo(Path dataDirectory, String host, boolean tls) throws IOException {
        Files.writeString(dataDirectory.resolve("postgresql.conf"), render(host, tls), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }
}
