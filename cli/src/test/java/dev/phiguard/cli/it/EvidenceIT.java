package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.LeaseRequest;
import dev.phiguard.cli.client.RecordAccess;
import dev.phiguard.cli.client.TokenRequest;
import dev.phiguard.sampledata.EmbeddedTarget;
import dev.phiguard.sampledata.Patient;
import dev.phiguard.sampledata.SyntheticPatients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The evidence a server keeps: three CI runs read the synthetic patients through every path (simple protocol
 * with a raw MRN in a WHERE clause, extended protocol with binary results, a cursor, COPY TO); then
 * {@code who-accessed} names exactly the runs that returned a given MRN, and a byte-for-byte scan of every file the
 * server wrote (recordings, the store with the audit log, keys) and of its whole output finds no raw SSN or MRN.
 */
class EvidenceIT {

    private static final int PATIENTS = 200;

    @TempDir
    Path work;

    @Test
    void whoAccessedNamesExactlyTheRunsThatReturnedARecordAndNoRawIdentifierIsKept() throws Exception {
        Path data = work.resolve("state");
        SyntheticPatients generator = new SyntheticPatients(EmbeddedTarget.DEFAULT_SEED);
        List<Patient> patients = generator.patients(PATIENTS).toList();
        String leaseA;
        String leaseB;
        String leaseC;
        ServerProcess server = ServerProcess.start(work, List.of("--data-dir", data.toString(), "--listen",
                "127.0.0.1:0", "--proxy-listen", "127.0.0.1:0", "--patients", String.valueOf(PATIENTS)));
        try {
            URI api = URI.create(server.apiUrl().orElseThrow());
            BrokerClient anonymous = new BrokerClient(api, Optional.empty());
            BrokerClient reviewer = new BrokerClient(api, Optional.of(anonymous.issueToken(
                    new TokenRequest("alice", List.of("reviewers"), Map.of(), "1h"))));

            leaseA = lease(anonymous, reviewer, "1");
            try (Connection c = connect(reviewer, leaseA, anonymous, "preferQueryMode", "simple")) {
                rows(c, "SELECT mrn, ssn, notes FROM patients WHERE patient_id <= 10");
                rows(c, "SELECT mrn, ssn FROM patients WHERE mrn = '" + patients.get(2).mrn() + "'");
            }
            leaseB = lease(anonymous, reviewer, "2");
            try (Connection c = connect(reviewer, leaseB, anonymous, "prepareThreshold", "-1")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT mrn, ssn FROM patients WHERE patient_id = ?")) {
                    for (int id = 5; id <= 15; id++) {
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(2)).startsWith("***-**-");
                        }
                    }
                }
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(3);
                    try (ResultSet rs = s.executeQuery(
                            "SELECT mrn FROM patients WHERE patient_id BETWEEN 20 AND 30 ORDER BY patient_id")) {
                        int n = 0;
                        while (rs.next()) {
                            n++;
                        }
                        assertThat(n).isEqualTo(11);
                    }
                }
                c.commit();
            }
            leaseC = lease(anonymous, reviewer, "3");
            try (Connection c = connect(reviewer, leaseC, anonymous, "preferQueryMode", "extended")) {
                ByteArrayOutputStream copied = new ByteArrayOutputStream();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                        "COPY (SELECT mrn, ssn FROM patients WHERE patient_id BETWEEN 100 AND 110) TO STDOUT", copied);
                assertThat(copied.toString(StandardCharsets.UTF_8).lines()).hasSize(11);
                rows(c, "SELECT encounter_id, patient_id, admitted_at FROM encounters WHERE patient_id > 190");
            }

            assertThat(accessors(reviewer, patients.get(6))).as("patient 7").containsExactlyInAnyOrder(leaseA, leaseB);
            assertThat(accessors(reviewer, patients.get(2))).as("patient 3").containsExactly(leaseA);
            assertThat(accessors(reviewer, patients.get(24))).as("patient 25, by cursor").containsExactly(leaseB);
            assertThat(accessors(reviewer, patients.get(104))).as("patient 105, by COPY").containsExactly(leaseC);
            assertThat(accessors(reviewer, patients.get(149))).as("patient 150, never returned").isEmpty();
            assertThat(server.terminate()).isIn(0, 143);
        } finally {
            server.close();
        }

        List<String> raw = patients.stream().flatMap(p -> Stream.of(p.ssn(), p.mrn())).toList();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                raw.stream().filter(content::contains).forEach(v -> found.add(file.getFileName() + ": " + v));
            }
        }
        raw.stream().filter(server.output()::contains).forEach(v -> found.add("server output: " + v));
        assertThat(found).as("raw identifiers in the server's files and output").isEmpty();
        try (Stream<Path> recordings = Files.list(data.resolve("recordings"))) {
            assertThat(recordings.count()).as("one recording per session").isEqualTo(3);
        }
    }

    private static String lease(BrokerClient anonymous, BrokerClient reviewer, String runId) {
        BrokerClient ci = ci(anonymous, runId);
        String id = ci.requestLease(new LeaseRequest("study-42", "10m", "run " + runId)).id();
        reviewer.approve(id, Optional.empty());
        return id;
    }

    private static BrokerClient ci(BrokerClient anonymous, String runId) {
        return new BrokerClient(anonymous.base(), Optional.of(anonymous.issueToken(new TokenRequest("ci-bot",
                List.of("ci"), Map.of("repository", "acme/etl", "run_id", runId), "1h"))));
    }

    private static Connection connect(BrokerClient reviewer, String leaseId, BrokerClient anonymous, String key,
                                      String value) throws SQLException {
        String runId = reviewer.lease(leaseId).requester().claims().get("run_id").toString();
        DatabaseCredential credential = ci(anonymous, runId).fetchCredential(leaseId);
        Properties p = new Properties();
        p.setProperty("user", credential.user());
        p.setProperty("password", credential.password());
        p.setProperty("sslmode", credential.sslmode());
        p.setProperty(key, value);
        return DriverManager.getConnection("jdbc:postgresql://" + credential.host() + ":" + credential.port() + "/"
                + credential.database(), p);
    }

    private static void rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
        }
    }

    private static Set<String> accessors(BrokerClient auditor, Patient patient) {
        return auditor.whoAccessed("patients", patient.mrn()).stream().map(RecordAccess::lease)
                .collect(Collectors.toSet());
    }
}
