package dev.phiguard.policies.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy file, or a folder of them, is invalid. Carries every problem found, not just the first, sorted by
 * file, line and column; {@link #getMessage()} lists them one per line.
 */
public final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<PolicyProblem> problems;

    /** @param problems at least one problem */
    public PolicyException(List<PolicyProblem> problems) {
        super(render(problems));
        this.problems = problems.stream().sorted(PolicyProblem.BY_LOCATION).toList();
    }

    /** Every problem, sorted by file, line and column. */
    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String render(List<PolicyProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyException needs at least one problem");
        }
        String heading = problems.size() == 1 ? "1 problem in policy files:" : problems.size() + " problems in policy files:";
        return problems.stream().sorted(PolicyProblem.BY_LOCATION).map(PolicyProblem::toString)
                .collect(Collectors.joining("\n  ", heading + "\n  ", ""));
    }
}
