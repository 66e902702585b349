-- 0003: per-host fetch limits across nodes (additive: older nodes ignore
-- it and keep their per-process limit).
--
-- A host has fetch.per_host slots; a node fetches from the host only while
-- it holds one. A slot is a row, taken like a source lease (FOR UPDATE
-- SKIP LOCKED) until lease_until (Unix ns, 0 = free), released after the
-- fetch; a node killed mid-fetch loses its slots when their leases end.
-- Rows are made on first use, one per slot number; a lower per_host
-- leaves the higher slots unused.
CREATE TABLE host_slots (
    host        text   NOT NULL,
    slot        int    NOT NULL,
    node        text   NOT NULL DEFAULT '',
    lease_until bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (host, slot)
);
