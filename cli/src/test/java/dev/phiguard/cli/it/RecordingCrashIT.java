package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.LeaseRequest;
import dev.phiguard.cli.client.TokenRequest;
import dev.phiguard.proxy.recording.RecordingStatus;
import dev.phiguard.proxy.recording.RecordingVerifier;
import dev.phiguard.proxy.recording.RecordingWriter;
import dev.phiguard.proxy.recording.SigningKeys;
import dev.phiguard.proxy.recording.Transcript;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed with SIGKILL in the middle of a session: its recording is still readable up to the last
 * statement that completed (each is flushed at its ReadyForQuery) and is reported as truncated, not as corrupt.
 */
class RecordingCrashIT {

    @TempDir
    Path work;

    @Test
    void aKilledServersRecordingIsReadableAndReportedTruncated() throws Exception {
        Path data = work.resolve("state");
        String sessionId;
        try (ServerProcess server = ServerProcess.start(work, List.of("--data-dir", data.toString(), "--listen",
                "127.0.0.1:0", "--proxy-listen", "127.0.0.1:0", "--patients", "30"))) {
            URI api = URI.create(server.apiUrl().orElseThrow());
            BrokerClient anonymous = new BrokerClient(api, Optional.empty());
            BearerToken ciToken = anonymous.issueToken(new TokenRequest("ci-bot", List.of("ci"), Map.of(), "1h"));
            BrokerClient ci = new BrokerClient(api, Optional.of(ciToken));
            BrokerClient reviewer = new BrokerClient(api, Optional.of(anonymous.issueToken(
                    new TokenRequest("alice", List.of("reviewers"), Map.of(), "1h"))));
            String leaseId = ci.requestLease(new LeaseRequest("study-42", "10m", "crash")).id();
            reviewer.approve(leaseId, Optional.empty());
            DatabaseCredential credential = ci.fetchCredential(leaseId);

            Properties p = new Properties();
            p.setProperty("user", credential.user());
            p.setProperty("password", credential.password());
            p.setProperty("sslmode", credential.sslmode());
            Connection c = DriverManager.getConnection("jdbc:postgresql://" + credential.host() + ":"
                    + credential.port() + "/" + credential.database(), p);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT ssn FROM patients ORDER BY patient_id LIMIT 3")) {
                    while (rs.next()) {
                        assertThat(rs.getString(1)).startsWith("***-**-");
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM encounters WHERE encounter_id > 0")) {
                    rs.next();
                }
            }
            sessionId = reviewer.sessions(leaseId).get(0).id();
            // statements are written within the flush interval (10 ms) of their end: wait until the last one is
            // in the file, then kill
            Path open = RecordingWriter.fileFor(data.resolve("recordings"), sessionId);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> transcript(open).contains(
                    "SELECT count(*) FROM encounters"));
            server.kill(); // SIGKILL with the session open: no shutdown hook, no trailer
            c.close();
        }

        Path recording = RecordingWriter.fileFor(data.resolve("recordings"), sessionId);
        RecordingStatus status = RecordingVerifier.verify(recording,
                SigningKeys.readPublicKey(data.resolve(SigningKeys.PUBLIC_FILE)));
        assertThat(status).as(status.describe()).isInstanceOf(RecordingStatus.Truncated.class);

        assertThat(transcript(recording))
                .contains("SELECT ssn FROM patients ORDER BY patient_id LIMIT")
                .contains("SELECT count(*) FROM encounters")
                .containsPattern("\\*\\*\\*-\\*\\*-\\d{4}");
    }

    private static String transcript(Path recording) throws Exception {
        if (!java.nio.file.Files.exists(recording)) {
            return "";
        }
        StringWriter transcript = new StringWriter();
        Transcript.render(recording, Transcript.Format.TEXT, Transcript.Options.defaults(), transcript);
        return transcript.toString();
    }
}
