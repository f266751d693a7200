package dev.phiguard.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PgEnvTest {
    private static final Map<String, String> ENV = Map.of("PGHOST", "127.0.0.1", "PGPORT", "6432", "PGUSER", "lease-1",
            "PGDATABASE", "clinic", "PGPASSWORD", "top-secret-pw");

    @Test
    void readsLibpqVariablesAndKeepsThePasswordOutOfToString() {
        PgEnv env = PgEnv.fromEnvironment(ENV);
        assertThat(env.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6432/clinic");
        assertThat(env.toString()).contains("lease-1").doesNotContain("top-secret-pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD"})
    void namesAMissingVariable(String name) {
        Map<String, String> env = new HashMap<>(ENV);
        env.remove(name);
        assertThatThrownBy(() -> PgEnv.fromEnvironment(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name).hasMessageNotContaining("top-secret-pw");
    }
}
