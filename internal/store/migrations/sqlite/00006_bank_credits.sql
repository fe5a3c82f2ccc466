-- +goose Up
-- Credits from bank statements that named no account of the cooperative:
-- they wait here until staff assign them to a premises (or set them aside).
CREATE TABLE bank_credits (
    id                   INTEGER PRIMARY KEY,
    coop_id              BIGINT NOT NULL REFERENCES cooperatives (id),
    import_id            BIGINT REFERENCES imports (id),
    external_id          TEXT NOT NULL,
    booked_on            DATE NOT NULL,
    amount               BIGINT NOT NULL CHECK (amount > 0),
    title                TEXT NOT NULL,
    counterparty         TEXT NOT NULL,
    counterparty_account TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('unmatched', 'assigned', 'ignored')),
    account_id           BIGINT,
    decided_by           BIGINT REFERENCES users (id),
    decided_at           TIMESTAMP,
    note                 TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    UNIQUE (coop_id, external_id),
    FOREIGN KEY (coop_id, account_id) REFERENCES accounts (coop_id, id)
);
CREATE INDEX bank_credits_status ON bank_credits (coop_id, status, booked_on);

-- +goose Down
DROP TABLE bank_credits;
