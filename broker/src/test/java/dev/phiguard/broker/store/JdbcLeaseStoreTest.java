package dev.phiguard.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease store contract on the embedded H2 store in a temporary data directory. */
class JdbcLeaseStoreTest extends LeaseStoreContract {

    @TempDir
    Path temp;
    private Path dataDirectory;

    @Override
    protected void prepareEmptyBackend() {
        dataDirectory = temp.resolve("data");
    }

    @Override
    protected LeaseStore open() {
        return JdbcLeaseStore.embedded(dataDirectory);
    }

    @Test
    void theEmbeddedStoreLivesInTheDataDirectory() {
        assertThat(Files.exists(dataDirectory.resolve(JdbcLeaseStore.EMBEDDED_FILE + ".mv.db"))).isTrue();
        assertThat(store.toString()).contains(dataDirectory.toAbsolutePath().toString());
    }
}
