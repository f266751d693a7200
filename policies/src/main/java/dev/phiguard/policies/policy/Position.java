package dev.phiguard.policies.policy;

import com.fasterxml.jackson.core.JsonLocation;

/**
 * A place in a policy file: line and column counted from 1.
 *
 * @param line   1-based line
 * @param column 1-based column
 */
record Position(int line, int column) {

    /** The position of a Jackson location; the start of the file when the location is unknown. */
    static Position of(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return new Position(1, 1);
        }
        return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
}
