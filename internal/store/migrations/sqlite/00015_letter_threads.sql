-- +goose Up
-- A resident's e-mail answering a letter opens (or joins) a thread tied to
-- that letter, so all answers to one letter from one person stay together.
ALTER TABLE message_threads ADD COLUMN letter_id BIGINT;
CREATE INDEX message_threads_letter ON message_threads (coop_id, letter_id, person_id);

-- +goose Down
DROP INDEX message_threads_letter;
ALTER TABLE message_threads DROP COLUMN letter_id;
