-- Version 1: the hash-chained event log, its chain head and the projections the gates query.
-- The events are the source of truth; every other table is a projection maintained in the same transaction.

CREATE TABLE audit_chain_head (
    id          SMALLINT    PRIMARY KEY CHECK (id = 1),
    sequence    BIGINT      NOT NULL,
    hash        CHAR(64)    NOT NULL,
    event_time  TIMESTAMPTZ NOT NULL,
    policy_hash CHAR(64)
);

INSERT INTO audit_chain_head (id, sequence, hash, event_time, policy_hash)
VALUES (1, 0, repeat('0', 64), TIMESTAMPTZ '1970-01-01 00:00:00+00', NULL);

CREATE TABLE audit_event (
    sequence       BIGINT      PRIMARY KEY,
    event_id       UUID        NOT NULL UNIQUE,
    type           TEXT        NOT NULL,
    event_time     TIMESTAMPTZ NOT NULL,
    correlation_id TEXT,
    actor          TEXT        NOT NULL,
    actor_kind     TEXT        NOT NULL,
    environment    TEXT,
    digests        TEXT[]      NOT NULL,
    job            TEXT,
    run            TEXT,
    policy_hash    CHAR(64),
    outcome        TEXT,
    reasons        JSONB       NOT NULL,
    payload        JSONB       NOT NULL,
    unique_key     TEXT        UNIQUE,
    prev_hash      CHAR(64)    NOT NULL,
    hash           CHAR(64)    NOT NULL
);

CREATE INDEX audit_event_correlation ON audit_event (correlation_id, sequence) WHERE correlation_id IS NOT NULL;

CREATE INDEX audit_event_actor_type_time ON audit_event (actor, type, event_time);

CREATE TABLE deployment_success (
    digest       TEXT        NOT NULL,
    environment  TEXT        NOT NULL,
    last_success TIMESTAMPTZ NOT NULL,
    sequence     BIGINT      NOT NULL REFERENCES audit_event (sequence),
    PRIMARY KEY (digest, environment)
);

CREATE TABLE approval_open (
    correlation_id     TEXT   PRIMARY KEY,
    requested_sequence BIGINT NOT NULL REFERENCES audit_event (sequence)
);

CREATE INDEX approval_open_newest ON approval_open (requested_sequence DESC);

CREATE TABLE review_open (
    correlation_id       TEXT   PRIMARY KEY,
    break_glass_sequence BIGINT NOT NULL REFERENCES audit_event (sequence)
);

CREATE TABLE quarantine_active (
    identity TEXT   PRIMARY KEY,
    sequence BIGINT NOT NULL REFERENCES audit_event (sequence)
);

CREATE TABLE policy_version (
    sequence    BIGINT      PRIMARY KEY REFERENCES audit_event (sequence),
    hash        CHAR(64)    NOT NULL,
    content     TEXT        NOT NULL,
    author      TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
