package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a folder: every policy or none, every problem of every file, each purpose once. */
class PolicyDirectoryTest {

    static final Path FIXTURES = Path.of("src", "test", "resources", "policy");

    private final PolicyLoader loader = new PolicyLoader();

    @Test
    void loadsEveryPolicyFileAndIgnoresEverythingElse() throws PolicyException {
        PolicySet set = loader.loadDirectory(FIXTURES.resolve("set"));

        assertThat(set.purposes()).containsExactly("billing-fix", "quality-review");
        Policy quality = set.find("quality-review").orElseThrow();
        assertThat(quality.approval().isAutomatic()).isTrue();
        assertThat(quality.access().functions()).containsExactlyInAnyOrder("count", "date_trunc");
        assertThat(quality.detectors().card()).isFalse();
        assertThat(quality.detectors().ssn()).isTrue();
        assertThat(quality.admits("https://token.actions.githubusercontent.com", "repo:acme/quality:ref:refs/heads/main",
                List.of(), Map.of("repository", "acme/quality", "ref", "refs/heads/main"))).isTrue();
        assertThat(quality.admits("https://token.actions.githubusercontent.com", "repo:acme/quality:ref:refs/heads/dev",
                List.of(), Map.of("repository", "acme/quality", "ref", "refs/heads/dev"))).isFalse();

        Policy billing = set.find("billing-fix").orElseThrow();
        assertThat(billing.source().getFileName()).hasToString("billing-fix.yml");
        assertThat(billing.access().isReadOnly()).isFalse();
        assertThat(billing.access().table("encounters")).isPresent();
        assertThat(billing.lease().defaultTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(billing.lease().requireTls()).isFalse();
        assertThat(billing.holds()).containsExactly(new HoldRule.AnyWrite(Set.of()),
                new HoldRule.EstimatedRowsAbove(Set.of("encounters"), 100));
        assertThat(set.find("study-42")).isEmpty();
    }

    @Test
    void reportsEveryProblemOfAFile() {
        Path file = FIXTURES.resolve("broken").resolve("study-7.yaml");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(PolicyProblem::toString)
                        .containsExactly(
                                file + ":4:5: requester rule 'requesters[0]' must name a subject, groups or claims: a "
                                        + "rule that admits every identity of an issuer is not allowed (write subject: "
                                        + "\"*\" if that is meant)",
                                file + ":5:5: unknown key 'grups' in 'requesters[0]' (valid: issuer, subject, groups, claims)",
                                file + ":11:12: 'lease.max_ttl' must be a duration like 30m or 8h (units d, h, m, s), "
                                        + "got '8 hours'",
                                file + ":19:5: masking rule for 'patients.email' references a column not listed in "
                                        + "access.tables.patients (listed: mrn, patient_id, ssn)",
                                file + ":20:29: duplicate entry 'patients.mrn' in 'record_keys' (first at line 20)"));
    }

    @Test
    void loadsNothingWhenOneFileIsInvalid(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("study-42.yaml"), PolicyTexts.valid());
        Files.writeString(folder.resolve("study-43.yaml"),
                PolicyTexts.valid().replace("study-42", "study-43")
                        .replace("target: clinic", "target: clinic\n  max_ttl: forever"));
        Files.writeString(folder.resolve("study-44.yaml"), PolicyTexts.valid().replace("study-42", "study-44")
                .replace("[ci]", "[]"));

        assertThatThrownBy(() -> loader.loadDirectory(folder))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.problems()).extracting(problem -> problem.file().getFileName().toString())
                            .containsExactly("study-43.yaml", "study-44.yaml");
                    assertThat(e.getMessage()).startsWith("2 problems in policy files:\n  ")
                            .contains("study-43.yaml:11:12: 'lease.max_ttl' must be a duration")
                            .contains("study-44.yaml:5:13: 'requesters[0].groups' is an empty list");
                });
    }

    @Test
    void rejectsAPurposeDefinedTwice(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("study-42.yaml"), PolicyTexts.valid());
        Files.writeString(folder.resolve("study-42.yml"), "# the same purpose again\n" + PolicyTexts.valid());

        assertThatThrownBy(() -> loader.loadDirectory(folder))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(PolicyProblem::toString)
                        .containsExactly(folder.resolve("study-42.yml") + ":2:10: purpose 'study-42' is already "
                                + "defined in " + folder.resolve("study-42.yaml") + "; each purpose has exactly one file"));
    }

    @Test
    void loadFilesRejectsTheSamePurposeFromTwoFolders(@TempDir Path folder) throws IOException, PolicyException {
        Path first = Files.createDirectory(folder.resolve("a")).resolve("study-42.yaml");
        Path second = Files.createDirectory(folder.resolve("b")).resolve("study-42.yaml");
        Files.writeString(first, PolicyTexts.valid());
        Files.writeString(second, PolicyTexts.valid());

        assertThat(loader.loadFiles(List.of(first)).size()).isEqualTo(1);
        assertThatThrownBy(() -> loader.loadFiles(List.of(first, second)))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> assertThat(problem.file()).isEqualTo(second)));
    }

    @Test
    void anEmptyFolderIsAnEmptySet(@TempDir Path folder) throws PolicyException {
        assertThat(loader.loadDirectory(folder).size()).isZero();
    }

    @Test
    void aMissingFolderIsAProblem(@TempDir Path folder) {
        Path missing = folder.resolve("nowhere");
        assertThatThrownBy(() -> loader.loadDirectory(missing))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .containsExactly(PolicyProblem.ofFile(missing, "no such folder")));
    }

    @Test
    void rejectsFilesThatAreTooLargeNotUtf8OrMisnamed(@TempDir Path folder) throws IOException {
        Path large = folder.resolve("large.yaml");
        Files.writeString(large, PolicyTexts.valid() + "# " + "x".repeat(PolicyLoader.MAX_FILE_BYTES) + "\n");
        Path latin1 = Files.write(folder.resolve("latin.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        Path text = Files.writeString(folder.resolve("study-42.txt"), PolicyTexts.valid());

        assertThatThrownBy(() -> loader.loadFiles(List.of(large, latin1, text, folder.resolve("gone.yaml"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        PolicyProblem.ofFile(large, "the file is larger than 262144 bytes (256 KiB), the most a "
                                + "policy file may be"),
                        PolicyProblem.ofFile(latin1, "the file is not UTF-8 text"),
                        PolicyProblem.ofFile(text, "a policy file name must end in .yaml or .yml"),
                        PolicyProblem.ofFile(folder.resolve("gone.yaml"), "no such file")));
    }
}
