-- +goose Up
-- The general meeting (walne zgromadzenie, USM art. 8³) held in parts:
-- each part has its day, hour and place and the estates whose members vote
-- in it (an estate votes in one part of a meeting). notice_on is the day
-- the notice went out (NULL: not yet); members see the meeting and its
-- materials from that day. results_at is when staff published the results
-- (NULL: not yet), minutes_document_id the minutes in the library.
CREATE TABLE meetings (
    id                  INTEGER PRIMARY KEY,
    coop_id             BIGINT NOT NULL REFERENCES cooperatives (id),
    title               TEXT NOT NULL,
    notice_on           DATE,
    results_at          TIMESTAMP,
    minutes_document_id BIGINT,
    created_at          TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, minutes_document_id) REFERENCES library_documents (coop_id, id)
);

CREATE TABLE meeting_parts (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    number     INTEGER NOT NULL CHECK (number > 0),
    held_on    DATE NOT NULL,
    starts_at  TEXT NOT NULL,
    place      TEXT NOT NULL,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, meeting_id, number),
    FOREIGN KEY (coop_id, meeting_id) REFERENCES meetings (coop_id, id)
);

CREATE TABLE meeting_part_estates (
    coop_id    BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    part_id    BIGINT NOT NULL,
    estate_id  BIGINT NOT NULL,
    PRIMARY KEY (coop_id, meeting_id, estate_id),
    FOREIGN KEY (coop_id, part_id) REFERENCES meeting_parts (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id)
);

-- The meeting's materials: draft resolutions (kind 'resolution', voted on)
-- and reports, each with its PDF; draft_id links a resolution put on the
-- agenda from a member's draft.
CREATE TABLE meeting_items (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('resolution', 'report')),
    number     TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    filename   TEXT NOT NULL,
    data       BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    added_at   TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, meeting_id) REFERENCES meetings (coop_id, id)
);
CREATE INDEX meeting_items_meeting ON meeting_items (coop_id, meeting_id);

-- Votes on a resolution in one part; the results are their sums.
CREATE TABLE meeting_votes (
    coop_id     BIGINT NOT NULL,
    item_id     BIGINT NOT NULL,
    part_id     BIGINT NOT NULL,
    votes_for   INTEGER NOT NULL CHECK (votes_for >= 0),
    against     INTEGER NOT NULL CHECK (against >= 0),
    abstaining  INTEGER NOT NULL CHECK (abstaining >= 0),
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (coop_id, item_id, part_id),
    FOREIGN KEY (coop_id, item_id) REFERENCES meeting_items (coop_id, id),
    FOREIGN KEY (coop_id, part_id) REFERENCES meeting_parts (coop_id, id)
);

-- Draft resolutions members file in IKCS (art. 8³ ust. 11).
CREATE TABLE meeting_drafts (
    id         INTEGER PRIMARY KEY,
    coop_id    BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    person_id  BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    filed_at   TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, meeting_id) REFERENCES meetings (coop_id, id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id)
);
CREATE INDEX meeting_drafts_meeting ON meeting_drafts (coop_id, meeting_id, filed_at);

-- +goose Down
DROP TABLE meeting_drafts;
DROP TABLE meeting_votes;
DROP TABLE meeting_items;
DROP TABLE meeting_part_estates;
DROP TABLE meeting_parts;
DROP TABLE meetings;
