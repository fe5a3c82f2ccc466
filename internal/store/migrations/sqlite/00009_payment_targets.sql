-- +goose Up
-- Staff's allocation of a payment (or a crediting correction) to the debt
-- it settles, instead of the oldest debts first. Nothing is deleted: a new
-- row re-allocates and the newest row of a payment wins; a row without a
-- target sends the payment back to the oldest debts first. Both entries
-- belong to account_id: the code that writes a row checks it in the same
-- transaction. (A composite key to ledger_entries would need a unique index
-- over the whole ledger: about a sixth more database for these few rows.)
CREATE TABLE payment_targets (
    id               INTEGER PRIMARY KEY,
    coop_id          BIGINT NOT NULL,
    account_id       BIGINT NOT NULL,
    payment_entry_id BIGINT NOT NULL REFERENCES ledger_entries (id),
    target_entry_id  BIGINT REFERENCES ledger_entries (id),
    reason           TEXT NOT NULL,
    created_by       BIGINT REFERENCES users (id),
    created_at       TIMESTAMP NOT NULL,
    FOREIGN KEY (coop_id, account_id) REFERENCES accounts (coop_id, id),
    CHECK (target_entry_id <> payment_entry_id),
    CHECK (reason <> '')
);
CREATE INDEX payment_targets_account ON payment_targets (account_id, id);

-- +goose Down
DROP TABLE payment_targets;
