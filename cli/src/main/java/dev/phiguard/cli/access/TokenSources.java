package dev.phiguard.cli.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the caller's token, first match wins: {@code --token}, {@code --token-file}, {@code PHIGUARD_TOKEN},
 * {@code PHIGUARD_ID_TOKEN} (a GitLab {@code id_tokens} entry), then the GitHub Actions OIDC endpoint
 * ({@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}, asked for the audience).
 * Error messages name the source, never the token.
 */
public final class TokenSources {
    static final String GITHUB_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String GITHUB_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    private final Map<String, String> env;

    public TokenSources(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Where a token came from, for {@code --verbose} and messages. */
    public record Found(BearerToken token, String source) {}

    /** The token, or empty when no source has one. */
    public Optional<Found> find(Optional<String> option, Optional<Path> file, String audience) {
        if (option.isPresent()) {
            return Optional.of(new Found(parse(option.get(), "--token"), "--token"));
        }
        if (file.isPresent()) {
            return Optional.of(new Found(parse(read(file.get()), "--token-file " + file.get()),
                    "--token-file"));
        }
        for (String name : new String[] {"PHIGUARD_TOKEN", "PHIGUARD_ID_TOKEN"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Found(parse(value, name), name));
            }
        }
        if (env.containsKey(GITHUB_URL) && env.containsKey(GITHUB_TOKEN)) {
            return Optional.of(new Found(github(audience), "GitHub Actions OIDC (audience " + audience + ")"));
        }
        return Optional.empty();
    }

    private static BearerToken parse(String value, String source) {
        try {
            return BearerToken.of(value);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "the token of " + source + " is not usable: "
                    + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--token-file " + file + ": no such file");
        } catch (IOException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--token-file " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** GitHub's runner hands out OIDC tokens: GET the request URL plus {@code &audience=}, bearer the request token. */
    private BearerToken github(String audience) {
        String url = env.get(GITHUB_URL);
        URI uri;
        try {
            uri = URI.create(url + (url.contains("?") ? "&" : "?") + "audience="
                    + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, GITHUB_URL + " is not a URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "bearer " + env.get(GITHUB_TOKEN))
                .header("Accept", "application/json")
                .GET()
                .build();
        String failure = "cannot get an OIDC token from GitHub Actions";
        try {
            HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ExitCodes.UserFacingException(ExitCodes.FAILED, failure + ": HTTP " + response.statusCode()
                        + " (does the job have 'permissions: id-token: write'?)");
            }
            JsonNode value = BrokerClient.mapper().readTree(response.body()).path("value");
            if (!value.isTextual()) {
                throw new ExitCodes.UserFacingException(ExitCodes.FAILED, failure + ": the answer has no 'value'");
            }
            return parse(value.asText(), "GitHub Actions OIDC");
        } catch (IOException e) {
            // no cause attached: a parser's message could quote the answer, which holds a token
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, failure + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, failure + ": interrupted", e);
        }
    }
}
