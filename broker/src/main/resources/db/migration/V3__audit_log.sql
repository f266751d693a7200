-- phiguard audit log, version 3: an append-only, hash-chained log of lease events, sessions and statements.
-- Portable between H2 (embedded default) and PostgreSQL (shared by several nodes). See dev.phiguard.broker.audit.

-- The chain's head: exactly one row, locked (SELECT ... FOR UPDATE) by every append, so that appends from several
-- threads and several nodes form one linear chain. seq 0 with the genesis hash (64 zeros) means an empty log.
CREATE TABLE audit_chain_head (
    id    INTEGER     NOT NULL PRIMARY KEY,
    seq   BIGINT      NOT NULL,
    hash  VARCHAR(64) NOT NULL,
    CONSTRAINT audit_chain_head_single_row CHECK (id = 1),
    CONSTRAINT audit_chain_head_seq CHECK (seq >= 0)
);

INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One row per event. lease_id, session_id, subject and purpose repeat what the payload says, for searching; the
-- verifier checks that they agree with it. hash = SHA-256 over (seq, event_time, event_type, payload, prev_hash,
-- record_keys_digest); record_keys_digest = SHA-256 over the event's sorted rows in audit_record_keys.
CREATE TABLE audit_events (
    seq                 BIGINT        NOT NULL PRIMARY KEY,
    event_time          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    event_type          VARCHAR(32)   NOT NULL,
    lease_id            VARCHAR(64),
    session_id          VARCHAR(200),
    subject             VARCHAR(2000),
    purpose             VARCHAR(200),
    payload             VARCHAR       NOT NULL, -- JSON object written by AuditPayloads
    record_keys_digest  VARCHAR(64)   NOT NULL,
    prev_hash           VARCHAR(64)   NOT NULL,
    hash                VARCHAR(64)   NOT NULL,
    CONSTRAINT audit_events_seq_positive CHECK (seq >= 1)
);

CREATE INDEX audit_events_lease_id ON audit_events (lease_id);
CREATE INDEX audit_events_subject ON audit_events (subject);
CREATE INDEX audit_events_purpose ON audit_events (purpose);
CREATE INDEX audit_events_event_time ON audit_events (event_time);
CREATE INDEX audit_events_event_type ON audit_events (event_type);

-- The keyed hashes (HMAC-SHA-256, the server's key) of the record keys a statement returned, one row per distinct
-- (table, key). Never a raw key. Indexed for "who accessed this record".
CREATE TABLE audit_record_keys (
    seq         BIGINT        NOT NULL REFERENCES audit_events (seq),
    table_name  VARCHAR(200)  NOT NULL,
    key_hash    VARCHAR(64)   NOT NULL,
    PRIMARY KEY (seq, table_name, key_hash)
);

CREATE INDEX audit_record_keys_lookup ON audit_record_keys (table_name, key_hash);
