-- +goose Up
-- The cooperative's own bank accounts as declared by staff: a statement
-- must be of one of them (or of a premises' virtual account). Accounts
-- that take residents' payments ('payments') are imported; the others
-- (another currency, a savings account) are skipped and listed.
CREATE TABLE bank_accounts (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL REFERENCES cooperatives (id),
    nrb        TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('payments', 'other')),
    currency   TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (coop_id, nrb)
);
-- A payment from a bank statement keeps, besides its value date (booked_on),
-- the bank's booking date, the payer's account, the bank's reference and the
-- statement it came from.
ALTER TABLE ledger_entries ADD COLUMN bank_booked_on DATE;
ALTER TABLE ledger_entries ADD COLUMN payer_account TEXT;
ALTER TABLE ledger_entries ADD COLUMN bank_reference TEXT;
ALTER TABLE ledger_entries ADD COLUMN bank_statement TEXT;
ALTER TABLE bank_credits ADD COLUMN value_on DATE;
ALTER TABLE bank_credits ADD COLUMN payer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE bank_credits ADD COLUMN bank_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE bank_credits ADD COLUMN bank_statement TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE bank_credits DROP COLUMN bank_statement;
ALTER TABLE bank_credits DROP COLUMN bank_reference;
ALTER TABLE bank_credits DROP COLUMN payer_name;
ALTER TABLE bank_credits DROP COLUMN value_on;
ALTER TABLE ledger_entries DROP COLUMN bank_statement;
ALTER TABLE ledger_entries DROP COLUMN bank_reference;
ALTER TABLE ledger_entries DROP COLUMN payer_account;
ALTER TABLE ledger_entries DROP COLUMN bank_booked_on;
DROP TABLE bank_accounts;
