-- +goose Up
-- An optional e-mail to members about a new document (issue 10 §3): staff
-- ask for it when publishing; it goes once the document is visible to
-- members (published, with a shown file: for a document carrying personal
-- data, once its anonymised version is attached), to members with the
-- e-Korespondencja consent. members_notified_at marks it sent (and taken,
-- so that two nodes do not both send it), members_notified how many
-- e-mails went.
ALTER TABLE library_documents ADD COLUMN notify_members BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE library_documents ADD COLUMN members_notified_at TIMESTAMP;
ALTER TABLE library_documents ADD COLUMN members_notified INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE library_documents DROP COLUMN members_notified;
ALTER TABLE library_documents DROP COLUMN members_notified_at;
ALTER TABLE library_documents DROP COLUMN notify_members;
