-- Version 2: the chain head is the last event itself. Appends no longer update a head row (one row updated by every
-- append of every controller: its dead versions pile up while any long transaction runs); the primary key on the
-- sequence is the compare-and-set instead. The head row must agree with the events before it goes.
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM audit_chain_head h WHERE h.id = 1 AND h.sequence = (SELECT coalesce(max(sequence), 0) FROM audit_event) AND (h.sequence = 0 OR h.hash = (SELECT e.hash FROM audit_event e WHERE e.sequence = h.sequence)) AND h.policy_hash IS NOT DISTINCT FROM (SELECT p.hash FROM policy_version p ORDER BY p.sequence DESC LIMIT 1)) THEN RAISE EXCEPTION 'audit_chain_head does not match the last audit event (edited?); run audit verify and restore from backup'; END IF; END $$;

DROP TABLE audit_chain_head;

-- Only the few events with a unique key need an index entry (the UNIQUE column indexed every NULL as well).
CREATE UNIQUE INDEX audit_event_unique_key ON audit_event (unique_key) WHERE unique_key IS NOT NULL;

ALTER TABLE audit_event DROP CONSTRAINT audit_event_unique_key_key;
