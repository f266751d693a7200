package dev.phiguard.policies.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file while it is read, so that all of them are reported together. */
final class Problems {

    private final Path file;
    private final List<PolicyProblem> problems = new ArrayList<>();
    private int repeats;

    Problems(Path file) {
        this.file = file;
    }

    /** Records a problem at a place in the file. */
    void at(Position position, String message) {
        problems.add(new PolicyProblem(file, position.line(), position.column(), message));
    }

    /** Records a problem at the place a node starts. */
    void at(YamlNode node, String message) {
        at(node.position(), message);
    }

    /** Records a problem of the whole file. */
    void ofFile(String message) {
        problems.add(PolicyProblem.ofFile(file, message));
    }

    /**
     * Notes that a value failed again whose problem was reported before (an alias): it adds no message, but
     * {@link #count()} grows so that a reader comparing counts sees that something failed.
     */
    void repeated() {
        repeats++;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Problems reported plus failures of values reported before; only ever grows. */
    int count() {
        return problems.size() + repeats;
    }

    List<PolicyProblem> list() {
        return List.copyOf(problems);
    }
}
