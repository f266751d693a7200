package dev.phiguard.cli.server;

import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyException;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.policy.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where the server's policies come from: a folder given by the operator, or the examples inside the jar. */
public final class PolicySources {
    /** The example policies bundled under {@code phiguard/policies/} (see the cli POM). */
    static final List<String> BUNDLED = List.of("study-42.yaml");

    private PolicySources() {}

    public static PolicySet load(Path directory) {
        try {
            return directory == null ? bundled() : new PolicyLoader().loadDirectory(directory);
        } catch (PolicyException e) {
            throw new dev.phiguard.cli.ExitCodes.UserFacingException(dev.phiguard.cli.ExitCodes.USAGE, "invalid policies:\n" + e.getMessage(), e);
        }
    }

    private static PolicySet bundled() throws PolicyException {
        PolicyLoader loader = new PolicyLoader();
        List<Policy> policies = new java.util.ArrayList<>();
        for (String name : BUNDLED) {
            try (InputStream in = PolicySources.class.getResourceAsStream("/phiguard/policies/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled policy " + name + " is missing from the jar");
                }
                policies.add(loader.parse(Path.of(name), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the bundled policy " + name, e);
            }
        }
        Map<String, Policy> byPurpose = policies.stream()
                .collect(Collectors.toMap(Policy::purpose, Function.identity()));
        return new PolicySet(byPurpose);
    }
}
