-- +goose Up
-- Every row belongs to a cooperative. Children reference their parents by
-- (coop_id, id), so the database itself refuses a row that points into
-- another cooperative.

CREATE TABLE cooperatives (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    host          TEXT UNIQUE,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    street        TEXT NOT NULL,
    postal_code   TEXT NOT NULL,
    city          TEXT NOT NULL,
    nip           TEXT NOT NULL,
    regon         TEXT NOT NULL,
    krs           TEXT NOT NULL,
    bank_account  TEXT NOT NULL,
    fee_due_day   INTEGER NOT NULL CHECK (fee_due_day BETWEEN 1 AND 28),
    phone         TEXT NOT NULL,
    email         TEXT NOT NULL,
    website       TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE estates (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL REFERENCES cooperatives (id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    office_street      TEXT NOT NULL,
    office_postal_code TEXT NOT NULL,
    office_city        TEXT NOT NULL,
    office_phone       TEXT NOT NULL,
    office_email       TEXT NOT NULL,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, code)
);

CREATE TABLE buildings (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    estate_id   BIGINT NOT NULL,
    street      TEXT NOT NULL,
    number      TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id)
);
CREATE INDEX buildings_estate ON buildings (coop_id, estate_id);

-- usable_area is in hundredths of a square metre (48,30 m² = 4830).
CREATE TABLE premises (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    building_id BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('flat', 'commercial', 'garage', 'parking')),
    number      TEXT NOT NULL,
    floor       INTEGER,
    usable_area BIGINT NOT NULL CHECK (usable_area >= 0),
    rooms       INTEGER,
    persons     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, building_id, kind, number),
    FOREIGN KEY (coop_id, building_id) REFERENCES buildings (coop_id, id)
);

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL REFERENCES cooperatives (id),
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    company_name TEXT NOT NULL DEFAULT '',
    street       TEXT NOT NULL,
    postal_code  TEXT NOT NULL,
    city         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id)
);
CREATE INDEX persons_name ON persons (coop_id, last_name, first_name);
CREATE INDEX persons_email ON persons (coop_id, email);

CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    coop_id         BIGINT NOT NULL,
    person_id       BIGINT NOT NULL,
    register_number TEXT NOT NULL,
    joined_on       DATE NOT NULL,
    left_on         DATE,
    UNIQUE (coop_id, register_number),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE INDEX memberships_person ON memberships (coop_id, person_id);

CREATE TABLE titles (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    premises_id BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('tenant_right', 'ownership_right', 'separate_ownership', 'lease', 'no_title')),
    starts_on   DATE NOT NULL,
    ends_on     DATE,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX titles_premises ON titles (coop_id, premises_id);

CREATE TABLE title_holders (
    id        INTEGER PRIMARY KEY,
    coop_id   BIGINT NOT NULL,
    title_id  BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    share_num INTEGER NOT NULL CHECK (share_num > 0),
    share_den INTEGER NOT NULL CHECK (share_den >= share_num),
    UNIQUE (title_id, person_id),
    FOREIGN KEY (coop_id, title_id) REFERENCES titles (coop_id, id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id)
);
CREATE INDEX title_holders_person ON title_holders (coop_id, person_id);

-- One settlement account per premises, with the premises' own virtual NRB.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    premises_id BIGINT NOT NULL,
    nrb         TEXT NOT NULL UNIQUE,
    opened_on   DATE NOT NULL,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, premises_id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id)
);

-- amount is in grosze; positive adds to what is owed (charges, interest),
-- negative reduces it (payments, refunds). A monthly charge without a
-- component is the whole month's fee per the premises' fee schedule.
CREATE TABLE ledger_entries (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    account_id  BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'correction', 'interest', 'settlement')),
    booked_on   DATE NOT NULL,
    due_on      DATE,
    period      TEXT,
    component   TEXT,
    amount      BIGINT NOT NULL,
    description TEXT NOT NULL,
    external_id TEXT,
    created_at  TIMESTAMP NOT NULL,
    FOREIGN KEY (coop_id, account_id) REFERENCES accounts (coop_id, id)
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, booked_on, id);
-- Imports are idempotent by external id; most entries have none, and a
-- partial index keeps them out of it (a fifth of the cost of a bulk load).
CREATE UNIQUE INDEX ledger_entries_external ON ledger_entries (coop_id, external_id) WHERE external_id IS NOT NULL;

-- Components of the monthly fee (wymiar opłat) and their rates. A rate
-- applies to the whole cooperative, an estate or one premises; the most
-- specific one in force wins. rate is in grosze per unit of the base.
CREATE TABLE fee_components (
    id       INTEGER PRIMARY KEY,
    coop_id  BIGINT NOT NULL REFERENCES cooperatives (id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    base     TEXT NOT NULL CHECK (base IN ('area', 'persons', 'premises', 'volume')),
    position INTEGER NOT NULL,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, code)
);

CREATE TABLE fee_rates (
    id             INTEGER PRIMARY KEY,
    coop_id        BIGINT NOT NULL,
    component_id   BIGINT NOT NULL,
    premises_kind  TEXT NOT NULL CHECK (premises_kind IN ('flat', 'commercial', 'garage', 'parking')),
    estate_id      BIGINT,
    premises_id    BIGINT,
    rate           BIGINT NOT NULL CHECK (rate >= 0),
    effective_from DATE NOT NULL,
    FOREIGN KEY (coop_id, component_id) REFERENCES fee_components (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id)
);
CREATE INDEX fee_rates_component ON fee_rates (coop_id, component_id, effective_from);

-- Logins. kind says which door they open: an E-BOK identifier (resident),
-- an IKCS login containing the member register number (member), or staff.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    coop_id              BIGINT NOT NULL REFERENCES cooperatives (id),
    kind                 TEXT NOT NULL CHECK (kind IN ('resident', 'member', 'staff')),
    login                TEXT NOT NULL,
    person_id            BIGINT,
    display_name         TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    role                 TEXT CHECK (role IN ('admin', 'membership', 'settlements', 'finance', 'estate', 'board')),
    estate_id            BIGINT,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP,
    disabled_at          TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    last_login_at        TIMESTAMP,
    UNIQUE (coop_id, login),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id),
    CHECK ((kind = 'staff') = (role IS NOT NULL)),
    CHECK (kind = 'staff' OR person_id IS NOT NULL),
    CHECK ((role = 'estate') = (estate_id IS NOT NULL))
);

-- Sessions keep only a hash of the token the browser holds.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    coop_id      BIGINT NOT NULL REFERENCES cooperatives (id),
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The mail outbox: written in the same transaction as the change a message
-- announces, sent by a worker after commit.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    coop_id         BIGINT NOT NULL REFERENCES cooperatives (id),
    message_id      TEXT NOT NULL UNIQUE,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_owner     TEXT,
    lease_until     TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE outbox_attachments (
    id           INTEGER PRIMARY KEY,
    outbox_id    BIGINT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    sha256       TEXT NOT NULL
);
CREATE INDEX outbox_attachments_outbox ON outbox_attachments (outbox_id);

-- +goose Down
DROP TABLE outbox_attachments;
DROP TABLE outbox;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE fee_rates;
DROP TABLE fee_components;
DROP TABLE ledger_entries;
DROP TABLE accounts;
DROP TABLE title_holders;
DROP TABLE titles;
DROP TABLE memberships;
DROP TABLE persons;
DROP TABLE premises;
DROP TABLE buildings;
DROP TABLE estates;
DROP TABLE cooperatives;
