package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;

/** The outcome of looking a column name up in a relation or a scope level. */
sealed interface Lookup permits Lookup.Found, Lookup.Absent, Lookup.Ambiguous, Lookup.Uncertain {

    /** Exactly one column has the name. */
    record Found(Lineage lineage) implements Lookup {
    }

    /** No column has the name, and every column is known. */
    record Absent() implements Lookup {
    }

    /** Several columns have the name. */
    record Ambiguous() implements Lookup {
    }

    /** Some columns are unknown, so the name cannot be placed with certainty. */
    record Uncertain(String reason) implements Lookup {
    }
}
