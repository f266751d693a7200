package dev.phiguard.broker.identity;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who presented a verified token.
 *
 * @param issuer    the token's {@code iss} ({@code local} for the development issuer)
 * @param subject   the token's {@code sub}
 * @param groups    the groups from the issuer's groups claim (empty when the token has none)
 * @param ciRun     the CI run the token was issued to, typed
 * @param claims    the token's scalar claims as strings (strings as they are, booleans and numbers in their
 *                  JSON form; lists and objects left out), for the policy's requester rules
 * @param expiresAt the token's {@code exp}
 */
public record Identity(String issuer, String subject, Set<String> groups, CiRun ciRun, Map<String, String> claims,
                       Instant expiresAt) {

    public Identity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
        Objects.requireNonNull(ciRun, "ciRun");
        claims = Collections.unmodifiableSortedMap(new TreeMap<>(claims));
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * A one-line name for logs, the audit trail and the reviewer's table: {@code github:acme/etl@refs/heads/main
     * run 1234/1}, {@code gitlab:acme/etl@main pipeline 567 job 890}, or {@code subject (issuer)} outside CI.
     * Control characters are replaced, so the name cannot forge log lines.
     */
    public String displayName() {
        String name;
        if (ciRun instanceof CiRun.GitHubActions github) {
            name = github.displayName();
        } else if (ciRun instanceof CiRun.GitLab gitlab) {
            name = gitlab.displayName();
        } else {
            name = subject + " (" + issuer + ")";
        }
        return Text.printable(name, 300);
    }
}
