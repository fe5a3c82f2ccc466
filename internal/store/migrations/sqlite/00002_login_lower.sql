-- +goose Up
-- Logins are case-insensitive (ASCII only, enforced by the auth package).
CREATE UNIQUE INDEX users_login_lower ON users (coop_id, lower(login));

-- +goose Down
DROP INDEX users_login_lower;
