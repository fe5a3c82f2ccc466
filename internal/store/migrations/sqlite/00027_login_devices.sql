-- +goose Up
-- Device cookies (OWASP "slow down online guessing attacks with device
-- cookies", issue 12 §2): a browser that logged in to an account gets a
-- signed cookie naming a row here. Failed logins from that browser count
-- against its row, not against the account: an attacker without the
-- cookie can lock out untrusted clients (users.locked_until), never the
-- owner's browser. secret_hash is the SHA-256 of the cookie's random part.
-- sessions.device_id is the device a login waiting for its second factor
-- came from, so that wrong codes count against that device too.
CREATE TABLE login_devices (
    id            INTEGER PRIMARY KEY,
    coop_id       BIGINT NOT NULL REFERENCES cooperatives (id),
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash   TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    lock_level    INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP
);
CREATE INDEX login_devices_user ON login_devices (user_id, last_used_at);
ALTER TABLE sessions ADD COLUMN device_id BIGINT REFERENCES login_devices (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE sessions DROP COLUMN device_id;
DROP TABLE login_devices;
