package dev.phiguard.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.FakeBroker;
import dev.phiguard.cli.client.Lease;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CredentialOutputTest {
    private static DatabaseCredential credential(String password) {
        return new DatabaseCredential("lease-7f3k", password, "127.0.0.1", 6432, "clinic", "require");
    }

    /** The env lines fed to bash's eval on stdin (not as an argument) give back the exact password. */
    @ParameterizedTest
    @ValueSource(strings = {
        FakeBroker.PASSWORD, "it's", "'", "''", "\\'", "$HOME", "`id`", "$(id)", "a\nb", "a b\tc", "!!", "ü€\uD83D\uDD11",
        "--", "-n", "%s%n", "\"\"", "x;export PGPASSWORD=hijacked"
    })
    void envLinesRoundTripThroughBashEval(String password) throws Exception {
        String env = CredentialOutput.env(credential(password));
        Process bash = new ProcessBuilder("bash", "-c", "eval \"$(cat)\"; printf %s \"$PGPASSWORD\"").start();
        try (OutputStream in = bash.getOutputStream()) {
            in.write(env.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(err).isEmpty();
        assertThat(out).isEqualTo(password);
    }

    @Test
    void envHasEveryVariableExported() {
        assertThat(CredentialOutput.env(credential("pw")).lines())
                .extracting(l -> l.substring(0, l.indexOf('=')))
                .containsExactly("export PGHOST", "export PGPORT", "export PGUSER", "export PGPASSWORD",
                        "export PGDATABASE", "export PGSSLMODE", "export DATABASE_URL");
    }

    @Test
    void databaseUrlEncodesEveryPart() {
        String url = CredentialOutput.databaseUrl(credential("p@ss:w/rd ?#%"));
        assertThat(url).isEqualTo("postgresql://lease-7f3k:p%40ss%3Aw%2Frd%20%3F%23%25@127.0.0.1:6432/clinic"
                + "?sslmode=require");
        assertThat(URI.create(url).getUserInfo()).isEqualTo("lease-7f3k:p@ss:w/rd ?#%");
    }

    @Test
    void jsonIsOneObjectWithEveryPart() throws Exception {
        Lease lease = BrokerClient.mapper().treeToValue(FakeBroker.lease("lease-7f3k", "study-42", "APPROVED"),
                Lease.class);
        String json = CredentialOutput.json(lease, credential(FakeBroker.PASSWORD));
        assertThat(json.lines()).hasSize(1);
        JsonNode node = BrokerClient.mapper().readTree(json);
        assertThat(node.get("password").asText()).isEqualTo(FakeBroker.PASSWORD);
        assertThat(node.get("port").asInt()).isEqualTo(6432);
        assertThat(node.get("lease").asText()).isEqualTo("lease-7f3k");
        assertThat(node.get("expiresAt").asText()).isEqualTo("2026-11-29T10:30:05Z");
        assertThat(node.get("databaseUrl").asText()).startsWith("postgresql://lease-7f3k:");
    }
}
