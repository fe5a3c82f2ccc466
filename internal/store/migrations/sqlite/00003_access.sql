-- +goose Up
-- Getting access: applications for E-BOK and IKCS, their verification,
-- start passwords, lockout and recovery, staff two-factor login, consents
-- and the tamper-evident audit log.

-- Regulations of a service (regulamin), versioned; an application stores
-- the version its applicant accepted.
CREATE TABLE regulations (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL REFERENCES cooperatives (id),
    service      TEXT NOT NULL CHECK (service IN ('ebok', 'ikcs')),
    version      INTEGER NOT NULL CHECK (version > 0),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by BIGINT REFERENCES users (id),
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, service, version)
);

CREATE TABLE applications (
    id                   INTEGER PRIMARY KEY,
    coop_id              BIGINT NOT NULL REFERENCES cooperatives (id),
    service              TEXT NOT NULL CHECK (service IN ('ebok', 'ikcs')),
    route                TEXT NOT NULL CHECK (route IN ('online', 'desk')),
    status               TEXT NOT NULL CHECK (status IN ('unconfirmed', 'filed', 'in_verification', 'accepted', 'rejected')),
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    street               TEXT NOT NULL,
    postal_code          TEXT NOT NULL,
    city                 TEXT NOT NULL,
    email                TEXT NOT NULL,
    phone                TEXT NOT NULL,
    premises_street      TEXT NOT NULL,
    premises_house       TEXT NOT NULL,
    premises_number      TEXT NOT NULL,
    applicant_role       TEXT NOT NULL CHECK (applicant_role IN ('member', 'owner', 'tenant')),
    register_number      TEXT NOT NULL DEFAULT '',
    regulation_id        BIGINT NOT NULL,
    ekorespondencja      BOOLEAN NOT NULL,
    -- what ebok matched from its register (NULL when nothing matched)
    premises_id          BIGINT,
    person_id            BIGINT,
    -- the electronic route: a link e-mailed to the address on the form
    confirm_token_hash   TEXT UNIQUE,
    confirm_expires_at   TIMESTAMP,
    email_confirmed_at   TIMESTAMP,
    filed_at             TIMESTAMP,
    due_on               DATE,
    -- the desk route: an identity document was shown (never copied)
    id_document_kind     TEXT NOT NULL DEFAULT '',
    id_document_last3    TEXT NOT NULL DEFAULT '',
    -- checks staff make
    signature_ok         BOOLEAN,
    signature_checked_by BIGINT REFERENCES users (id),
    signature_checked_at TIMESTAMP,
    phone_checked_by     BIGINT REFERENCES users (id),
    phone_checked_at     TIMESTAMP,
    phone_outcome        TEXT NOT NULL DEFAULT '',
    -- the decision
    decided_by           BIGINT REFERENCES users (id),
    decided_at           TIMESTAMP,
    reject_reason        TEXT NOT NULL DEFAULT '',
    user_id              BIGINT REFERENCES users (id),
    created_by           BIGINT REFERENCES users (id),
    created_at           TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, regulation_id) REFERENCES regulations (coop_id, id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    CHECK (status <> 'rejected' OR reject_reason <> '')
);
CREATE INDEX applications_queue ON applications (coop_id, status, service, filed_at);
CREATE INDEX applications_email ON applications (coop_id, lower(email));

-- Scans and signed PDFs attached to applications: checked by content,
-- size-capped and stored with their checksum.
CREATE TABLE application_attachments (
    id             INTEGER PRIMARY KEY,
    coop_id        BIGINT NOT NULL,
    application_id BIGINT NOT NULL,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size           BIGINT NOT NULL CHECK (size > 0),
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    FOREIGN KEY (coop_id, application_id) REFERENCES applications (coop_id, id)
);
CREATE INDEX application_attachments_app ON application_attachments (coop_id, application_id);

-- Consent to e-Korespondencja: every grant and withdrawal, with when and
-- from where; the newest row is in force.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    person_id   BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('ekorespondencja')),
    granted     BOOLEAN NOT NULL,
    source      TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id)
);
CREATE INDEX consents_person ON consents (coop_id, person_id, kind, recorded_at);

-- Login hardening. A start password must be changed at first login and
-- expires unused; lock_level grows with each lockout.
ALTER TABLE users ADD COLUMN start_password_expires_at TIMESTAMP;
ALTER TABLE users ADD COLUMN lock_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- Staff may let a former holder keep seeing a premises' ledger for a
-- while after the title ended (e.g. to settle the last bills).
CREATE TABLE access_extensions (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    person_id   BIGINT NOT NULL,
    premises_id BIGINT NOT NULL,
    until       DATE NOT NULL,
    granted_by  BIGINT REFERENCES users (id),
    granted_at  TIMESTAMP NOT NULL,
    UNIQUE (coop_id, person_id, premises_id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id)
);

-- A session that passed the password but still owes its second factor.
ALTER TABLE sessions ADD COLUMN mfa_pending BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Single-use links sent to the correspondence e-mail: password reset and
-- unlock. Only a hash of the token is kept.
CREATE TABLE login_tokens (
    token_hash TEXT PRIMARY KEY,
    coop_id    BIGINT NOT NULL REFERENCES cooperatives (id),
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'unlock')),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX login_tokens_user ON login_tokens (user_id);

-- Failed logins per client address, in fixed windows, shared by all nodes.
CREATE TABLE login_throttle (
    ip           TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    failures     INTEGER NOT NULL,
    PRIMARY KEY (ip, window_start)
);

-- The audit log: append-only, each row carrying the hash of the one before
-- it in its cooperative's chain. audit_heads holds each chain's end, locked
-- while a row is appended so that concurrent nodes keep one chain.
CREATE TABLE audit_heads (
    coop_id   BIGINT PRIMARY KEY REFERENCES cooperatives (id),
    last_seq  BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL REFERENCES cooperatives (id),
    seq        BIGINT NOT NULL,
    at         TIMESTAMP NOT NULL,
    actor_id   BIGINT,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    person_id  BIGINT,
    ip         TEXT NOT NULL,
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    UNIQUE (coop_id, seq)
);
CREATE INDEX audit_log_action ON audit_log (coop_id, action, at);
CREATE INDEX audit_log_actor ON audit_log (coop_id, actor_id, at);
CREATE INDEX audit_log_person ON audit_log (coop_id, person_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE audit_heads;
DROP TABLE login_throttle;
DROP TABLE login_tokens;
DROP TABLE recovery_codes;
ALTER TABLE sessions DROP COLUMN mfa_pending;
DROP TABLE access_extensions;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users DROP COLUMN password_changed_at;
ALTER TABLE users DROP COLUMN lock_level;
ALTER TABLE users DROP COLUMN start_password_expires_at;
DROP TABLE consents;
DROP TABLE application_attachments;
DROP TABLE applications;
DROP TABLE regulations;
