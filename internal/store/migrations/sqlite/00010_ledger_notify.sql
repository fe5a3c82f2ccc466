-- +goose Up
-- PostgreSQL's 00010 makes ledger writes notify listening nodes. SQLite
-- has no notifications: every node of an SQLite installation (there is
-- one) checks a ledger's version in the database instead. Nothing to do.
SELECT 1;

-- +goose Down
SELECT 1;
