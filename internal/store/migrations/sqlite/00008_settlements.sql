-- +goose Up
-- Utility settlements of a premises (water, heating) for a period: what was
-- used, what it cost, what the advances paid, and the result posted to the
-- ledger (positive: to pay; negative: to refund).
CREATE TABLE utility_settlements (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    premises_id BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('water', 'heating')),
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    consumption BIGINT NOT NULL CHECK (consumption >= 0),
    unit        TEXT NOT NULL CHECK (unit IN ('m3', 'GJ')),
    cost        BIGINT NOT NULL CHECK (cost >= 0),
    advances    BIGINT NOT NULL CHECK (advances >= 0),
    entry_id    BIGINT NOT NULL REFERENCES ledger_entries (id),
    created_by  BIGINT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (coop_id, premises_id, kind, period_from),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id),
    CHECK (period_to >= period_from)
);

-- +goose Down
DROP TABLE utility_settlements;
