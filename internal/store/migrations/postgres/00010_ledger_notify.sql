-- +goose Up
-- Every statement that writes ledger entries or payment allocations
-- announces at its commit, on channel ebok_ledger, that a ledger changed;
-- each node's store.LedgerFeed listens, so that a ledger page kept by one
-- node is dropped when another node (or an import on the command line)
-- posts. One notification per statement, whatever its size: a bulk load
-- costs nothing more.
-- +goose StatementBegin
CREATE FUNCTION ebok_ledger_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ebok_ledger', '');
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER ledger_entries_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ebok_ledger_changed();
CREATE TRIGGER payment_targets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON payment_targets
    FOR EACH STATEMENT EXECUTE FUNCTION ebok_ledger_changed();

-- +goose Down
DROP TRIGGER payment_targets_changed ON payment_targets;
DROP TRIGGER ledger_entries_changed ON ledger_entries;
DROP FUNCTION ebok_ledger_changed();
