-- phiguard lease store, version 2: the proxy sessions opened under each lease (one row per session, on any node).
-- A session row is written in the transaction that counts the session on its lease, and closed in the one that
-- counts it down, so the rows and leases.open_sessions always agree.

CREATE TABLE lease_sessions (
    lease_id   VARCHAR(64)  NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
    id         VARCHAR(200) NOT NULL,               -- the proxy's session id
    node       VARCHAR(200) NOT NULL,               -- the broker/proxy node that admitted it
    client     VARCHAR(200) NOT NULL,               -- the client's address as the proxy saw it
    opened_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    closed_at  TIMESTAMP(6) WITH TIME ZONE,
    PRIMARY KEY (lease_id, id)
);

CREATE INDEX lease_sessions_opened_at ON lease_sessions (lease_id, opened_at);
