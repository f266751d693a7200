-- phiguard lease store, version 1. Portable between H2 (embedded default) and PostgreSQL (shared by several nodes).
-- Timestamps are UTC with microsecond precision; JSON columns hold Jackson-written text.

CREATE TABLE leases (
    id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
    version             BIGINT        NOT NULL,
    state               VARCHAR(16)   NOT NULL,
    end_reason          VARCHAR(16),
    purpose             VARCHAR(200)  NOT NULL,
    target              VARCHAR(200)  NOT NULL,
    requester_issuer    VARCHAR(2000) NOT NULL,
    requester_subject   VARCHAR(2000) NOT NULL,
    requester_groups    VARCHAR       NOT NULL, -- JSON array of strings
    requester_claims    VARCHAR       NOT NULL, -- JSON object of strings
    ttl_seconds         BIGINT        NOT NULL,
    reason              VARCHAR(4000) NOT NULL,
    request_hash        VARCHAR(64)   NOT NULL,
    approvals_required  INTEGER       NOT NULL,
    approval_groups     VARCHAR       NOT NULL, -- JSON array of strings
    max_sessions        INTEGER       NOT NULL,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    pending_deadline    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    approved_at         TIMESTAMP(6) WITH TIME ZONE,
    expires_at          TIMESTAMP(6) WITH TIME ZONE,
    credential_issued   BOOLEAN       NOT NULL,
    open_sessions       INTEGER       NOT NULL,
    ended_at            TIMESTAMP(6) WITH TIME ZONE,
    ended_by_issuer     VARCHAR(2000),
    ended_by_subject    VARCHAR(2000),
    ended_by_groups     VARCHAR,                -- JSON array of strings
    ended_by_claims     VARCHAR,                -- JSON object of strings
    ending_reason       VARCHAR(4000),
    -- the pending deadline while PENDING, the expiry while APPROVED or ACTIVE, NULL once terminal
    next_deadline       TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT leases_version_positive CHECK (version >= 1),
    CONSTRAINT leases_state_known CHECK (state IN ('PENDING', 'APPROVED', 'ACTIVE', 'ENDED', 'DENIED', 'EXPIRED'))
);

CREATE INDEX leases_next_deadline ON leases (next_deadline);
CREATE INDEX leases_created_at ON leases (created_at);
CREATE INDEX leases_state ON leases (state);
CREATE INDEX leases_purpose ON leases (purpose);
CREATE INDEX leases_requester_subject ON leases (requester_subject);

CREATE TABLE lease_approvals (
    lease_id          VARCHAR(64)   NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
    ordinal           INTEGER       NOT NULL,
    approver_issuer   VARCHAR(2000) NOT NULL,
    approver_subject  VARCHAR(2000) NOT NULL,
    approver_groups   VARCHAR       NOT NULL,   -- JSON array of strings
    approver_claims   VARCHAR       NOT NULL,   -- JSON object of strings
    reason            VARCHAR(4000),
    request_hash      VARCHAR(64)   NOT NULL,
    approved_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (lease_id, ordinal)
);

-- The salted SCRAM-SHA-256 verifier of a lease's credential, written in the transaction that records the fetch.
CREATE TABLE lease_credential_verifiers (
    lease_id        VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES leases (id) ON DELETE CASCADE,
    scram_verifier  VARCHAR(1000) NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
