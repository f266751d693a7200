package dev.phiguard.cli.client;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The states of a lease (docs/api.md); a state this client does not know yet reads as {@link #UNKNOWN}. */
public enum LeaseState {
    PENDING, APPROVED, ACTIVE, ENDED, DENIED, EXPIRED,
    @JsonEnumDefaultValue UNKNOWN;

    /** {@code true} once the credential may be fetched and used. */
    public boolean isUsable() {
        return this == APPROVED || this == ACTIVE;
    }
}
