-- +goose Up
-- e-Korespondencja, letters out. A letter is written once (letters) and
-- sent to the recipients its rule selects (letter_recipients, one row per
-- person and premises), each by e-mail with the PDF attached or on paper in
-- a postal batch (postal_batches). status of a letter: draft → awaiting
-- (more than 100 recipients: a second staff member approves) → approved →
-- sending → sent. status of a recipient: pending (to be rendered and
-- queued) → queued (e-mail in the outbox, or letter in a postal batch) →
-- sent / failed / post (moved to the postal batch after a failed e-mail) →
-- printed.
CREATE TABLE letters (
    id            INTEGER PRIMARY KEY,
    coop_id       BIGINT NOT NULL REFERENCES cooperatives (id),
    estate_id     BIGINT,
    kind          TEXT NOT NULL CHECK (kind IN ('general', 'fee_notice', 'debt_reminder', 'meter_notice', 'meeting_notice', 'other')),
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    case_no       TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    signed_receipt BOOLEAN NOT NULL DEFAULT FALSE,
    effective_on  DATE,
    charge_source TEXT NOT NULL DEFAULT '' CHECK (charge_source IN ('', 'coop', 'utility')),
    rule_kind     TEXT NOT NULL CHECK (rule_kind IN ('person', 'premises', 'all', 'estate', 'building', 'premises_kind', 'members', 'arrears', 'list')),
    rule_value    TEXT NOT NULL DEFAULT '',
    rule_amount   BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'awaiting', 'approved', 'sending', 'sent')),
    recipients    INTEGER NOT NULL DEFAULT 0,
    created_by    BIGINT REFERENCES users (id),
    approved_by   BIGINT REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    submitted_at  TIMESTAMP,
    approved_at   TIMESTAMP,
    sent_at       TIMESTAMP,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id)
);
CREATE INDEX letters_coop ON letters (coop_id, created_at);

CREATE TABLE letter_attachments (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL,
    letter_id    BIGINT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    sha256       TEXT NOT NULL,
    FOREIGN KEY (coop_id, letter_id) REFERENCES letters (coop_id, id)
);
CREATE INDEX letter_attachments_letter ON letter_attachments (coop_id, letter_id);

CREATE TABLE postal_batches (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL REFERENCES cooperatives (id),
    created_at TIMESTAMP NOT NULL,
    printed_at TIMESTAMP,
    printed_by BIGINT REFERENCES users (id),
    UNIQUE (coop_id, id)
);

CREATE TABLE letter_recipients (
    id            INTEGER PRIMARY KEY,
    coop_id       BIGINT NOT NULL,
    letter_id     BIGINT NOT NULL,
    person_id     BIGINT NOT NULL,
    premises_id   BIGINT,
    channel       TEXT NOT NULL CHECK (channel IN ('email', 'post')),
    email         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('pending', 'queued', 'sent', 'failed', 'post', 'printed')),
    reason        TEXT NOT NULL DEFAULT '',
    outbox_id     BIGINT,
    message_id    TEXT,
    register_id   BIGINT,
    register_no   TEXT NOT NULL DEFAULT '',
    -- The letter as sent: its PDF, and the filled text it was rendered
    -- from (JSON), from which the postal batch is printed.
    pdf           BLOB,
    content       TEXT NOT NULL DEFAULT '',
    batch_id      BIGINT,
    lease_owner   TEXT,
    lease_until   TIMESTAMP,
    queued_at     TIMESTAMP,
    sent_at       TIMESTAMP,
    delivered_on  DATE,
    opened_at     TIMESTAMP,
    downloaded_at TIMESTAMP,
    archived_at   TIMESTAMP,
    UNIQUE (coop_id, id),
    UNIQUE (letter_id, person_id, premises_id),
    FOREIGN KEY (coop_id, letter_id) REFERENCES letters (coop_id, id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id),
    FOREIGN KEY (coop_id, batch_id) REFERENCES postal_batches (coop_id, id)
);
CREATE INDEX letter_recipients_letter ON letter_recipients (coop_id, letter_id, status);
CREATE INDEX letter_recipients_person ON letter_recipients (coop_id, person_id);
CREATE INDEX letter_recipients_pending ON letter_recipients (status, lease_until);
CREATE INDEX letter_recipients_message ON letter_recipients (coop_id, message_id);

-- +goose Down
DROP TABLE letter_recipients;
DROP TABLE postal_batches;
DROP TABLE letter_attachments;
DROP TABLE letters;
