-- +goose Up
-- The letters worker and the mail worker claim the first pending rows in
-- order, 20 at a time. The indexes they had, (status, lease_until) and
-- (status, next_attempt_at), do not give that order, so each claim read
-- every pending row and sorted them: a letter to 10,000 recipients was
-- claimed 500 times, each time reading up to 10,000 rows (issue 9 §9).
-- Ending each index with id gives the claim order, and a claim reads about
-- as many rows as it takes. The follow-up of queued e-mails and the
-- outbox depth use the same indexes as before.
DROP INDEX letter_recipients_pending;
CREATE INDEX letter_recipients_pending ON letter_recipients (status, id);
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);

-- +goose Down
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
DROP INDEX letter_recipients_pending;
CREATE INDEX letter_recipients_pending ON letter_recipients (status, lease_until);
