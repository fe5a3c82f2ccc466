-- +goose Up
-- Files that are compressed already (PDF, JPEG, PNG: letters as rendered,
-- and what the uploads package accepts) are stored out of line without
-- PostgreSQL's default TOAST compression. pglz found enough repeats in a
-- letter PDF's first kilobyte to go on through the whole file, then threw
-- the result away as it saved less than a quarter: about a millisecond of
-- server CPU per 28 KB letter for nothing, a third of the time of queueing
-- a mass letter's e-mails (issue 9 §9). Only new values are affected.
ALTER TABLE outbox_attachments ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE letter_recipients ALTER COLUMN pdf SET STORAGE EXTERNAL;
ALTER TABLE letter_attachments ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE message_attachments ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE application_attachments ALTER COLUMN data SET STORAGE EXTERNAL;

-- +goose Down
ALTER TABLE application_attachments ALTER COLUMN data SET STORAGE EXTENDED;
ALTER TABLE message_attachments ALTER COLUMN data SET STORAGE EXTENDED;
ALTER TABLE letter_attachments ALTER COLUMN data SET STORAGE EXTENDED;
ALTER TABLE letter_recipients ALTER COLUMN pdf SET STORAGE EXTENDED;
ALTER TABLE outbox_attachments ALTER COLUMN data SET STORAGE EXTENDED;
