-- +goose Up
-- Hardening (issue 12).

-- The client address an online application came from, for the limits per
-- address (and nothing else; it goes with the application when purged).
ALTER TABLE applications ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
CREATE INDEX applications_client_ip ON applications (coop_id, client_ip, created_at);
CREATE INDEX applications_email_created ON applications (coop_id, email, created_at);
CREATE INDEX applications_status_created ON applications (status, created_at);

-- Sliding-window limits shared by all nodes: one row per counted event.
-- rate_locks has a row per (scope, key) that a transaction updates before
-- it counts, so that parallel requests for one key count one after the
-- other and none is evaluated on a stale count.
CREATE TABLE rate_locks (
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    hits  BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE rate_events (
    id    INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX rate_events_key ON rate_events (scope, key, at);

-- A TOTP secret offered to a user and not yet confirmed: kept here, never
-- taken back from the browser.
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT NOT NULL DEFAULT '';

-- Failed logins from a browser holding a valid device cookie for the
-- login (OWASP device cookies): such a browser is locked on its own, so
-- failures from elsewhere never lock it out.
CREATE TABLE device_lockouts (
    user_id      BIGINT NOT NULL REFERENCES users (id),
    device       TEXT NOT NULL,
    failures     INTEGER NOT NULL,
    locked_until TIMESTAMP,
    PRIMARY KEY (user_id, device)
);

-- +goose Down
DROP TABLE device_lockouts;
ALTER TABLE users DROP COLUMN totp_pending_secret;
DROP INDEX rate_events_key;
DROP TABLE rate_events;
DROP TABLE rate_locks;
DROP INDEX applications_status_created;
DROP INDEX applications_email_created;
DROP INDEX applications_client_ip;
ALTER TABLE applications DROP COLUMN client_ip;
