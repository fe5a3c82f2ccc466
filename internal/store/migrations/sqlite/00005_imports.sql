-- +goose Up
-- Every file brought in: ledger exports from the accounting system and bank
-- statements. Who, when, how many rows, and the file's checksum.
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL REFERENCES cooperatives (id),
    kind       TEXT NOT NULL CHECK (kind IN ('ledger', 'bank')),
    filename   TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    rows_total INTEGER NOT NULL,
    rows_new   INTEGER NOT NULL,
    rows_known INTEGER NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX imports_coop ON imports (coop_id, created_at);

-- +goose Down
DROP TABLE imports;
