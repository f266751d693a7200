package dev.phiguard.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.cli.client.AuditorBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private download of a recording: 0600, appended as the recording grows, deleted on close. */
class RecordingDownloadTest {

    @TempDir
    Path data;
    AuditorBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new AuditorBroker(data);
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void isPrivateFollowsGrowthAndIsDeletedOnClose() throws Exception {
        Path source = Files.write(broker.recordings.resolve("s-grow.phirec"), new byte[] {1, 2, 3});
        Path local;
        try (RecordingDownload download = RecordingDownload.start(broker.client(broker.auditorToken()), "s-grow")) {
            local = download.file();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local))).isEqualTo("rw-------");
            assertThat(Files.readAllBytes(local)).containsExactly(1, 2, 3);
            assertThat(download.fetchMore()).isZero();

            Files.write(source, new byte[] {4, 5}, StandardOpenOption.APPEND);
            assertThat(download.fetchMore()).isEqualTo(2);
            assertThat(download.size()).isEqualTo(5);
            assertThat(Files.readAllBytes(local)).containsExactly(1, 2, 3, 4, 5);
        }
        assertThat(local).doesNotExist();
    }
}
