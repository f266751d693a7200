package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mangled policies never escape as anything but a {@link PolicyException} with located problems: the example file
 * with each line removed, and with random characters changed.
 */
class PolicyRobustnessTest {

    private static final Path FILE = Path.of("study-42.yaml");
    private static final String MUTATIONS = " :-[]{},\"'*&!|>#\t\n?%@`0aZ\\";

    private final PolicyLoader loader = new PolicyLoader();

    @Test
    void everyLineRemovedGivesAPolicyOrProblems() throws IOException {
        List<String> lines = Files.readAllLines(ExamplePolicyTest.EXAMPLE);
        for (int i = 0; i < lines.size(); i++) {
            List<String> shorter = new ArrayList<>(lines);
            shorter.remove(i);
            assertPolicyOrProblems(String.join("\n", shorter));
        }
    }

    @Test
    void randomCharacterChangesGiveAPolicyOrProblems() throws IOException {
        String example = Files.readString(ExamplePolicyTest.EXAMPLE);
        Random random = new Random(42);
        for (int round = 0; round < 1000; round++) {
            StringBuilder text = new StringBuilder(example);
            for (int change = 0; change < 1 + random.nextInt(4); change++) {
                int at = random.nextInt(text.length());
                text.setCharAt(at, MUTATIONS.charAt(random.nextInt(MUTATIONS.length())));
            }
            assertPolicyOrProblems(text.toString());
        }
    }

    private void assertPolicyOrProblems(String text) {
        try {
            loader.parse(FILE, text);
        } catch (PolicyException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem.line()).isPositive();
                assertThat(problem.column()).isPositive();
                assertThat(problem.message()).isNotBlank().doesNotContain("\n");
            });
        }
    }
}
