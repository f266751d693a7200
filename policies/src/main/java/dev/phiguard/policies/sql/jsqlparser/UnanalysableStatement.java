package dev.phiguard.policies.sql.jsqlparser;

import java.util.OptionalInt;

/** Thrown inside the analysis of one statement when it cannot be analysed at all. */
final class UnanalysableStatement extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient OptionalInt position;

    UnanalysableStatement(String reason, OptionalInt position) {
        super(reason, null, false, false);
        this.position = position;
    }

    UnanalysableStatement(String reason, int position) {
        this(reason, OptionalInt.of(position));
    }

    UnanalysableStatement(String reason) {
        this(reason, OptionalInt.empty());
    }

    /** @return 0-based offset in the whole SQL string, when known */
    OptionalInt position() {
        return position;
    }
}
