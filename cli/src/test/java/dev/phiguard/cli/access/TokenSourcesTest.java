package dev.phiguard.cli.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.client.BrokerClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourcesTest {
    private HttpServer runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop(0);
        }
    }

    private static String found(TokenSources sources, Optional<String> option, Optional<Path> file) {
        return sources.find(option, file, "phiguard").map(f -> BrokerClient.reveal(f.token()) + " from " + f.source())
                .orElse("none");
    }

    @Test
    void firstSourceWins(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        Map<String, String> env = Map.of("PHIGUARD_TOKEN", "from-env", "PHIGUARD_ID_TOKEN", "from-gitlab");
        TokenSources sources = new TokenSources(env);
        assertThat(found(sources, Optional.of("from-option"), Optional.of(file))).isEqualTo("from-option from --token");
        assertThat(found(sources, Optional.empty(), Optional.of(file))).isEqualTo("from-file from --token-file");
        assertThat(found(sources, Optional.empty(), Optional.empty())).isEqualTo("from-env from PHIGUARD_TOKEN");
        assertThat(found(new TokenSources(Map.of("PHIGUARD_ID_TOKEN", "from-gitlab")), Optional.empty(),
                Optional.empty())).isEqualTo("from-gitlab from PHIGUARD_ID_TOKEN");
        assertThat(found(new TokenSources(Map.of()), Optional.empty(), Optional.empty())).isEqualTo("none");
    }

    @Test
    void aMissingOrEmptyTokenFileIsAUsageErrorThatShowsNoToken(@TempDir Path dir) throws Exception {
        TokenSources sources = new TokenSources(Map.of());
        assertThatThrownBy(() -> sources.find(Optional.empty(), Optional.of(dir.resolve("nope")), "a"))
                .isInstanceOfSatisfying(ExitCodes.UserFacingException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("no such file");
        Path blank = Files.writeString(dir.resolve("blank"), " \n");
        assertThatThrownBy(() -> sources.find(Optional.empty(), Optional.of(blank), "a"))
                .hasMessageContaining("is not usable: the token is empty");
        Path spaced = Files.writeString(dir.resolve("spaced"), "secret part two");
        assertThatThrownBy(() -> sources.find(Optional.empty(), Optional.of(spaced), "a"))
                .message().doesNotContain("secret");
    }

    @Test
    void asksTheGitHubActionsRunnerForATokenWithTheAudience() throws Exception {
        AtomicReference<String> query = new AtomicReference<>();
        AtomicReference<String> authorization = new AtomicReference<>();
        String url = startRunner(200, "{\"count\": 1, \"value\": \"github-oidc-jwt\"}", query, authorization);
        TokenSources sources = new TokenSources(Map.of(TokenSources.GITHUB_URL, url + "?api-version=2.0",
                TokenSources.GITHUB_TOKEN, "runner-request-token"));

        TokenSources.Found found = sources.find(Optional.empty(), Optional.empty(), "https://phiguard.example").get();

        assertThat(BrokerClient.reveal(found.token())).isEqualTo("github-oidc-jwt");
        assertThat(found.source()).contains("GitHub Actions");
        assertThat(query.get()).isEqualTo("api-version=2.0&audience=https%3A%2F%2Fphiguard.example");
        assertThat(authorization.get()).isEqualTo("bearer runner-request-token");
    }

    @Test
    void aRefusalOfTheRunnerPointsAtThePermissionAndShowsNoToken() throws Exception {
        String url = startRunner(403, "{\"message\": \"no\"}", new AtomicReference<>(), new AtomicReference<>());
        TokenSources sources = new TokenSources(Map.of(TokenSources.GITHUB_URL, url + "?api-version=2.0",
                TokenSources.GITHUB_TOKEN, "runner-request-token"));
        assertThatThrownBy(() -> sources.find(Optional.empty(), Optional.empty(), "phiguard"))
                .hasMessageContaining("HTTP 403").hasMessageContaining("id-token: write")
                .message().doesNotContain("runner-request-token");
    }

    private String startRunner(int status, String body, AtomicReference<String> query,
            AtomicReference<String> authorization) throws Exception {
        runner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        runner.createContext("/token", exchange -> {
            query.set(exchange.getRequestURI().getRawQuery());
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        runner.start();
        return "http://127.0.0.1:" + runner.getAddress().getPort() + "/token";
    }
}
