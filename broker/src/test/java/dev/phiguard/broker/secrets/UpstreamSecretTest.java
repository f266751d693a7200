package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The secret value type and the configuration records' validation. */
class UpstreamSecretTest {

    @Test
    void thePasswordIsCopiedWipeableAndNeverShown() {
        char[] given = "s3cret-Value-123".toCharArray();
        UpstreamSecret secret = UpstreamSecret.leased("reader", given, "database/creds/r/abc", Duration.ofMinutes(5));
        given[0] = 'X';
        assertThat(new String(secret.password())).isEqualTo("s3cret-Value-123");
        assertThat(secret.toString()).doesNotContain("s3cret", "database/creds").contains("reader", "<redacted>");

        UpstreamSecret copy = secret.copy();
        secret.close();
        assertThat(secret.isWiped()).isTrue();
        assertThat(secret.password()).containsOnly('\0');
        assertThat(copy.isWiped()).isFalse();
        assertThat(copy.vaultLeaseId()).contains("database/creds/r/abc");
        assertThat(copy).isNotEqualTo(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a//b", "../x", "a b", "x?y"})
    void badVaultPathsAreRefusedWithTheField(String path) {
        assertThatThrownBy(() -> CredentialSource.VaultKv.of("secret", path))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vault_kv.path");
    }

    @Test
    void configurationRecordsSayWhatWouldBeValid() {
        assertThat(CredentialSource.VaultKv.of("/secret/", "a/b").mount()).isEqualTo("secret");
        assertThatThrownBy(() -> new CredentialSource.VaultKv("secret", "a", "u", "p", Duration.ZERO))
                .hasMessageContaining("refresh_after must be positive");
        CredentialSource admin = new CredentialSource.File("postgres", Path.of("/run/secrets/pg"));
        assertThatThrownBy(() -> new CredentialSource.EphemeralRole(admin, "bad role", Map.of(), "phiguard_"))
                .hasMessageContaining("ephemeral_role.read_role must be a PostgreSQL role name");
        assertThatThrownBy(() -> new CredentialSource.EphemeralRole(admin, "reader", Map.of(), "Bad-"))
                .hasMessageContaining("role_prefix");
        assertThatThrownBy(() -> new CredentialSource.EphemeralRole(
                new CredentialSource.VaultDatabase("database", "r"), "reader", Map.of(), "phiguard_"))
                .hasMessageContaining("not vault_database");
        CredentialSource.EphemeralRole roles = new CredentialSource.EphemeralRole(admin, "reader",
                Map.of("study-42", "study42_reader"), "phiguard_");
        assertThat(roles.readRoleFor("study-42")).isEqualTo("study42_reader");
        assertThat(roles.readRoleFor("other")).isEqualTo("reader");
        assertThatThrownBy(() -> new VaultSettings(java.net.URI.create("ftp://vault"),
                new VaultSettings.TokenFile(Path.of("t")), Duration.ofSeconds(5)))
                .hasMessageContaining("http or https");
    }
}
