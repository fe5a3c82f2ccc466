-- +goose Up
-- When `ebok serve` last anchored each cooperative's audit chain
-- (EBOK_AUDIT_ANCHOR_DIR, EBOK_AUDIT_ANCHOR_MAIL), and which node holds
-- the lease of the run in progress: one node anchors a chain per day.
CREATE TABLE audit_anchor_runs (
    coop_id     BIGINT PRIMARY KEY REFERENCES cooperatives (id),
    last_at     TIMESTAMPTZ,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ
);

-- +goose Down
DROP TABLE audit_anchor_runs;
