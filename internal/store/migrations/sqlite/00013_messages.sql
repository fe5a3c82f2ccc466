-- +goose Up
-- e-Korespondencja, messages in: a resident's thread with the cooperative
-- (message_threads), its messages, staff replies and staff's internal
-- notes (messages), and the files attached to them (message_attachments).
-- A thread belongs to one department and, through its premises, to one
-- estate; due_on is the day by which staff owe a reply (NULL when nothing
-- is owed).
CREATE TABLE message_threads (
    id              INTEGER PRIMARY KEY,
    coop_id         BIGINT NOT NULL REFERENCES cooperatives (id),
    person_id       BIGINT NOT NULL,
    premises_id     BIGINT NOT NULL,
    estate_id       BIGINT NOT NULL,
    topic           TEXT NOT NULL CHECK (topic IN ('settlements', 'membership', 'estate', 'technical', 'fault')),
    department      TEXT NOT NULL CHECK (department IN ('settlements', 'membership', 'estate', 'technical')),
    subject         TEXT NOT NULL,
    fault_location  TEXT NOT NULL DEFAULT '' CHECK (fault_location IN ('', 'premises', 'building')),
    status          TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting', 'closed')),
    assigned_to     BIGINT REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    due_on          DATE,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id)
);
CREATE INDEX message_threads_person ON message_threads (coop_id, person_id, updated_at);
CREATE INDEX message_threads_desk ON message_threads (coop_id, department, status, due_on);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL REFERENCES cooperatives (id),
    thread_id   BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('in', 'reply', 'note')),
    channel     TEXT NOT NULL CHECK (channel IN ('ebok', 'email')),
    user_id     BIGINT REFERENCES users (id),
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    mail_id     TEXT NOT NULL DEFAULT '',
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, thread_id) REFERENCES message_threads (coop_id, id)
);
CREATE INDEX messages_thread ON messages (coop_id, thread_id, created_at);
CREATE INDEX messages_mail ON messages (coop_id, mail_id);

CREATE TABLE message_attachments (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL REFERENCES cooperatives (id),
    message_id   BIGINT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, message_id) REFERENCES messages (coop_id, id)
);
CREATE INDEX message_attachments_message ON message_attachments (coop_id, message_id);

-- Mail read from the cooperative's mailbox (internal/mailin): one row per
-- mail taken, its Message-ID unique per cooperative, so that no mail is
-- taken twice however many nodes read the mailbox. kind says what became
-- of it: a message of a thread, an item of staff's triage list (status
-- open until staff deal with it), or a delivery status notification.
CREATE TABLE mail_in (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL REFERENCES cooperatives (id),
    message_id  TEXT NOT NULL,
    from_addr   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMP NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('thread', 'triage', 'bounce')),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    thread_id   BIGINT,
    raw         BLOB NOT NULL,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, message_id),
    FOREIGN KEY (coop_id, thread_id) REFERENCES message_threads (coop_id, id)
);
CREATE INDEX mail_in_triage ON mail_in (coop_id, kind, status, received_at);

-- The files of a mail on the triage list, as the message policy accepted
-- them (for turning a mailed form into an application).
CREATE TABLE mail_in_files (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL REFERENCES cooperatives (id),
    mail_in_id   BIGINT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    FOREIGN KEY (coop_id, mail_in_id) REFERENCES mail_in (coop_id, id)
);
CREATE INDEX mail_in_files_mail ON mail_in_files (coop_id, mail_in_id);

-- Announcements to residents and members: to everyone, one estate or one
-- building, shown from valid_from to valid_to (inclusive).
CREATE TABLE announcements (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL REFERENCES cooperatives (id),
    scope       TEXT NOT NULL CHECK (scope IN ('all', 'estate', 'building')),
    estate_id   BIGINT,
    building_id BIGINT,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE NOT NULL,
    emailed     INTEGER NOT NULL DEFAULT 0,
    created_by  BIGINT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id),
    FOREIGN KEY (coop_id, building_id) REFERENCES buildings (coop_id, id),
    CHECK (valid_to >= valid_from),
    CHECK ((scope = 'estate') = (estate_id IS NOT NULL) AND (scope = 'building') = (building_id IS NOT NULL))
);
CREATE INDEX announcements_valid ON announcements (coop_id, valid_to);

-- +goose Down
DROP TABLE announcements;
DROP TABLE mail_in_files;
DROP TABLE mail_in;
DROP TABLE message_attachments;
DROP TABLE messages;
DROP TABLE message_threads;
