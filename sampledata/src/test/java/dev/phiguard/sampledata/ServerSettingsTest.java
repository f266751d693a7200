package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void listensOnLoopbackOnlyWithoutUnixSocket() {
        String conf = ServerSettings.render("127.0.0.1", false);

        assertThat(conf).contains("listen_addresses = '127.0.0.1'", "unix_socket_directories = ''",
                "password_encryption = 'scram-sha-256'", "wal_level = minimal");
        assertThat(conf).doesNotContain("ssl");
    }

    @Test
    void turnsTlsOnWithTheCopiedFiles() {
        assertThat(ServerSettings.render("127.0.0.1", true))
                .contains("ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'");
    }
}
