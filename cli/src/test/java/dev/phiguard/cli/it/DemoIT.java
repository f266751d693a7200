package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code scripts/phiguard demo}, as the README tells a newcomer to run it: the whole story, exit 0. */
class DemoIT {

    @Test
    void theDemoRunsTheWholeStoryAndExitsZero() throws Exception {
        Launcher.Result demo = Launcher.run(Map.of(), "demo", "--patients", "100");

        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out())
                .contains("asks for a lease", "approves it", "reads patients through the proxy",
                        "blocked by the policy", "revokes the lease", "refused: the credential died with its lease",
                        "replays the session", "the chain is intact", "Every step behaved as it should.")
                .doesNotContain("FAIL ");
        assertThat(demo.out()).containsPattern("\\*\\*\\*-\\*\\*-\\d{4}");
    }
}
