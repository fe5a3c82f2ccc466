-- +goose Up
-- An announcement posted by mistake can be withdrawn: residents stop
-- seeing it, and the row stays for the record.
ALTER TABLE announcements ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE announcements ADD COLUMN withdrawn_by BIGINT REFERENCES users (id);

-- +goose Down
ALTER TABLE announcements DROP COLUMN withdrawn_by;
ALTER TABLE announcements DROP COLUMN withdrawn_at;
