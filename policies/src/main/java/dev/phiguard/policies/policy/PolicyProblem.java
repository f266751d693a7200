package dev.phiguard.policies.policy;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a policy file, located by line and column (both counted from 1).
 *
 * <p>A problem that concerns the whole file (it cannot be read, is too large, has no {@code .yaml} name, a folder
 * cannot be listed) has line and column 0 and renders as {@code FILE: MESSAGE}; every other problem renders as
 * {@code FILE:LINE:COLUMN: MESSAGE}, the format compilers use, so editors and CI annotations can jump to it.
 *
 * @param file    the file as it was given to the loader
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param message what is wrong and, where there is a choice, what would be valid
 */
public record PolicyProblem(Path file, int line, int column, String message) {

    /** Orders problems by file, then line, then column. */
    public static final Comparator<PolicyProblem> BY_LOCATION = Comparator
            .comparing((PolicyProblem problem) -> problem.file().toString())
            .thenComparingInt(PolicyProblem::line)
            .thenComparingInt(PolicyProblem::column);

    public PolicyProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    /** A problem that concerns the whole file rather than one place in it. */
    public static PolicyProblem ofFile(Path file, String message) {
        return new PolicyProblem(file, 0, 0, message);
    }

    /** Whether this problem points at a place in the file (line and column are set). */
    public boolean hasLocation() {
        return line > 0;
    }

    /** {@code FILE:LINE:COLUMN: MESSAGE}, or {@code FILE: MESSAGE} for a problem of the whole file. */
    @Override
    public String toString() {
        return hasLocation() ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
