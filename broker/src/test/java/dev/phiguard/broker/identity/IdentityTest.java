package dev.phiguard.broker.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityTest {

    private static final Instant EXPIRY = Instant.parse("2026-03-01T12:05:00Z");

    private static final Map<String, String> GITHUB = Map.of("repository", "acme/etl", "workflow", "nightly",
            "ref", "refs/heads/main", "sha", "abc", "run_id", "1234", "run_attempt", "1", "actor", "octocat");
    private static final Map<String, String> GITLAB = Map.of("project_path", "acme/etl", "pipeline_id", "567",
            "job_id", "890", "ref", "main");

    @Test
    void githubRunClaims() {
        Map<String, String> claims = new HashMap<>(GITHUB);
        claims.put("environment", "prod");

        assertThat(CiRun.fromClaims(claims)).isEqualTo(new CiRun.GitHubActions("acme/etl", "nightly",
                "refs/heads/main", "abc", "1234", "1", "octocat", Optional.of("prod"), Optional.empty()));
    }

    @Test
    void gitlabRunClaims() {
        assertThat(CiRun.fromClaims(GITLAB))
                .isEqualTo(new CiRun.GitLab("acme/etl", "567", "890", "main", Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"repository", "workflow", "ref", "sha", "run_id", "run_attempt", "actor"})
    void aGithubTokenMissingARunClaimIsNoRun(String missing) {
        Map<String, String> claims = new HashMap<>(GITHUB);
        claims.remove(missing);

        assertThat(CiRun.fromClaims(claims)).isEqualTo(CiRun.NONE);
    }

    @Test
    void displayNames() {
        assertThat(identity(GITHUB).displayName()).isEqualTo("github:acme/etl@refs/heads/main run 1234/1");
        assertThat(identity(GITLAB).displayName()).isEqualTo("gitlab:acme/etl@main pipeline 567 job 890");
        assertThat(identity(Map.of()).displayName()).isEqualTo("alice (local)");
    }

    @Test
    void displayNameCannotForgeLogLines() {
        Map<String, String> claims = new HashMap<>(GITHUB);
        claims.put("repository", "acme/etl\r\nINFO approved by admin");

        assertThat(identity(claims).displayName())
                .isEqualTo("github:acme/etl??INFO approved by admin@refs/heads/main run 1234/1");
    }

    @Test
    void collectionsAreCopiedAndSorted() {
        Identity identity = new Identity("local", "alice", new java.util.HashSet<>(List.of("b", "a")),
                CiRun.NONE, Map.of("z", "1", "a", "2"), EXPIRY);

        assertThat(identity.groups()).containsExactly("a", "b");
        assertThat(identity.claims().keySet()).containsExactly("a", "z");
        assertThatThrownBy(() -> identity.groups().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void durationsAndUntrustedTextAreRendered() {
        assertThat(Text.duration(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Text.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Text.duration(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(Text.duration(Duration.ofSeconds(-61))).isEqualTo("-1m1s");
        assertThat(Text.printable("a\u0000b\u202ec\u2028d", 10)).isEqualTo("a?b?c?d");
        assertThat(Text.printable("x".repeat(30), 5)).isEqualTo("xxxxx…");
        assertThat(Text.printable("😀ok", 5)).isEqualTo("😀ok");
    }

    private static Identity identity(Map<String, String> claims) {
        return new Identity("local", "alice", Set.of(), CiRun.fromClaims(claims), claims, EXPIRY);
    }
}
