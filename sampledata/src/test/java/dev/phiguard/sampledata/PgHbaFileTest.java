package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PgHbaFileTest {

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void allowsOnlyTheSuperuserWithScramAndTheAppRoleWithItsMethod(AuthMethod method) {
        List<List<String>> rules = PgHbaFile.render("clinic", "postgres", "phiguard_app", method).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> List.of(line.trim().split("\\s+")))
                .toList();

        assertThat(rules).containsExactly(
                List.of("host", "all", "postgres", "127.0.0.1/32", "scram-sha-256"),
                List.of("host", "clinic", "phiguard_app", "127.0.0.1/32", method.hbaMethod()));
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void storesMd5HashesOnlyForMd5(AuthMethod method) {
        assertThat(method.passwordEncryption()).isEqualTo(method == AuthMethod.MD5 ? "md5" : "scram-sha-256");
    }
}
