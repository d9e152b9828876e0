-- SqliteAuditStore, version 1: the hash-chained event log and the projections the gates query, as the PostgreSQL
-- schema (V1, V2) has them. Times are microseconds since the epoch (SQLite has no timestamp type); digests, reasons
-- and payload are JSON text. The events are the source of truth; the projections are written in the same transaction.

CREATE TABLE audit_event (
    sequence       INTEGER PRIMARY KEY,
    event_id       TEXT    NOT NULL UNIQUE,
    type           TEXT    NOT NULL,
    event_time     INTEGER NOT NULL,
    correlation_id TEXT,
    actor          TEXT    NOT NULL,
    actor_kind     TEXT    NOT NULL,
    environment    TEXT,
    digests        TEXT    NOT NULL,
    job            TEXT,
    run            TEXT,
    policy_hash    TEXT,
    outcome        TEXT,
    reasons        TEXT    NOT NULL,
    payload        TEXT    NOT NULL,
    unique_key     TEXT,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL
) STRICT;

-- Only the few events with a unique key need an index entry; the index is what makes "only once" hold across processes.
CREATE UNIQUE INDEX audit_event_unique_key ON audit_event (unique_key) WHERE unique_key IS NOT NULL;

CREATE INDEX audit_event_correlation ON audit_event (correlation_id, sequence) WHERE correlation_id IS NOT NULL;

CREATE INDEX audit_event_actor_type_time ON audit_event (actor, type, event_time);

CREATE TABLE deployment_success (
    digest       TEXT    NOT NULL,
    environment  TEXT    NOT NULL,
    last_success INTEGER NOT NULL,
    sequence     INTEGER NOT NULL,
    PRIMARY KEY (digest, environment)
) STRICT, WITHOUT ROWID;

CREATE TABLE approval_open (
    correlation_id     TEXT    PRIMARY KEY,
    requested_sequence INTEGER NOT NULL
) STRICT;

CREATE INDEX approval_open_newest ON approval_open (requested_sequence);

CREATE TABLE review_open (
    correlation_id       TEXT    PRIMARY KEY,
    break_glass_sequence INTEGER NOT NULL
) STRICT;

CREATE TABLE quarantine_active (
    identity TEXT    PRIMARY KEY,
    sequence INTEGER NOT NULL
) STRICT;

CREATE TABLE policy_version (
    sequence    INTEGER PRIMARY KEY,
    hash        TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;
