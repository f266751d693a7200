package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.LeaseRequest;
import dev.phiguard.cli.client.TokenRequest;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes (broker + proxy each) share one PostgreSQL state store: a lease approved on node A gives a
 * credential that opens a session on node B, and a revoke sent to node A cuts that session on node B within a
 * second — the change travels by LISTEN/NOTIFY, not by a polling loop.
 */
class TwoNodesIT {

    @TempDir
    Path work;

    private static final String POLICY = """
            version: 1
            purpose: two-nodes
            description: One lease, two nodes.
            requesters:
              - issuer: local
                groups: [ci]
            approval:
              required: 1
              from_groups: [reviewers]
            lease:
              target: clinic
              max_ttl: 1h
              default_ttl: 30m
              max_sessions: 2
              require_tls: false
            access:
              statements: [select]
              tables:
                patients: [patient_id, ssn]
            masking:
              patients:
                ssn: {partial: {keep_last: 4}}
            """;

    private Path secret(String name, String value) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path config(String node, EmbeddedTarget db, Path data, Path policies) throws Exception {
        String yaml = """
                node: %s
                listen: 127.0.0.1:0
                data_dir: %s
                proxy:
                  listen: 127.0.0.1:0
                development_issuer: true
                policies: %s
                store:
                  postgres:
                    url: jdbc:postgresql://%s:%d/phiguard_state
                    user: postgres
                    password_file: %s
                targets:
                  clinic:
                    host: %s
                    port: %d
                    database: %s
                    tls: disable
                    credentials:
                      file: {user: %s, password_file: %s}
                """.formatted(node, data, policies, db.host(), db.port(), secret("store-pw", db.superuserPassword()),
                db.host(), db.port(), db.database(), db.appUser(), secret("app-pw", db.appPassword()));
        Path file = work.resolve(node + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aRevokeOnOneNodeCutsTheSessionOnTheOtherWithinASecond() throws Exception {
        try (EmbeddedTarget db = EmbeddedTarget.builder().patients(20).start()) {
            try (Connection admin = db.superuserConnection(); Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE phiguard_state");
            }
            // the nodes share the data directory's keys: development issuer, masking and audit keys
            Path data = Files.createDirectories(work.resolve("shared-state"));
            Path policies = Files.createDirectories(work.resolve("policies"));
            Files.writeString(policies.resolve("two-nodes.yaml"), POLICY);

            try (ServerProcess a = ServerProcess.start(work, List.of("--config", config("node-a", db, data, policies).toString()));
                 ServerProcess b = ServerProcess.start(work, List.of("--config", config("node-b", db, data, policies).toString()))) {
                String urlA = a.apiUrl().orElseThrow();
                BrokerClient anonymous = new BrokerClient(URI.create(urlA), Optional.empty());
                BrokerClient ci = new BrokerClient(URI.create(urlA), Optional.of(anonymous.issueToken(
                        new TokenRequest("ci-bot", List.of("ci"), Map.of(), "1h"))));
                BearerToken reviewerToken = anonymous.issueToken(new TokenRequest("alice", List.of("reviewers"),
                        Map.of(), "1h"));
                BrokerClient reviewerOnA = new BrokerClient(URI.create(urlA), Optional.of(reviewerToken));

                String leaseId = ci.requestLease(new LeaseRequest("two-nodes", "10m", "two nodes")).id();
                reviewerOnA.approve(leaseId, Optional.empty());
                DatabaseCredential credential = ci.fetchCredential(leaseId);

                Properties p = new Properties();
                p.setProperty("user", credential.user());
                p.setProperty("password", credential.password());
                p.setProperty("sslmode", "disable");
                // a lock held elsewhere keeps the session's query running until the session is cut
                try (Connection onB = DriverManager.getConnection("jdbc:postgresql://" + b.proxyHost() + ":"
                        + b.proxyPort() + "/" + credential.database(), p);
                     Connection locker = db.superuserConnection()) {
                    locker.setAutoCommit(false);
                    locker.createStatement().execute("LOCK TABLE patients IN ACCESS EXCLUSIVE MODE");
                    CompletableFuture<Long> cutAt = CompletableFuture.supplyAsync(() -> {
                        try (Statement s = onB.createStatement()) {
                            s.execute("SELECT ssn FROM patients WHERE patient_id = 1");
                            return -1L;
                        } catch (SQLException e) {
                            return System.nanoTime();
                        }
                    });
                    await().atMost(Duration.ofSeconds(20)).until(() -> Locks.waiting(locker) > 0);
                    assertThat(cutAt).as("the query waits for the lock").isNotDone();
                    long revokedAt = System.nanoTime();
                    reviewerOnA.revoke(leaseId, Optional.of("over"));
                    long cut = cutAt.get(30, TimeUnit.SECONDS);
                    assertThat(cut).as("the session on node B ended with an error").isPositive();
                    assertThat(Duration.ofNanos(cut - revokedAt)).as("revoke on A to cut on B")
                            .isLessThan(Duration.ofSeconds(1));
                    locker.rollback();
                }
                assertThat(b.output()).contains("lease " + leaseId).doesNotContain(credential.password());
                assertThat(a.output()).doesNotContain(credential.password());
            }
        }
    }
}
