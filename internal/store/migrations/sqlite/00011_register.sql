-- +goose Up
-- The correspondence register (dziennik korespondencyjny): every letter the
-- cooperative sends and every message it receives, numbered from 1 each
-- year. register_counters holds the last number given per cooperative and
-- year; taking the next one locks its row, so numbers never repeat and
-- never skip, on any number of nodes.
CREATE TABLE register_counters (
    coop_id BIGINT NOT NULL REFERENCES cooperatives (id),
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (coop_id, year)
);

CREATE TABLE register_entries (
    id            INTEGER PRIMARY KEY,
    coop_id       BIGINT NOT NULL REFERENCES cooperatives (id),
    year          INTEGER NOT NULL,
    number        INTEGER NOT NULL CHECK (number > 0),
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    registered_at TIMESTAMP NOT NULL,
    correspondent TEXT NOT NULL,
    subject       TEXT NOT NULL,
    case_no       TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL CHECK (channel IN ('ebok', 'email', 'post', 'desk')),
    source        TEXT NOT NULL,
    source_id     BIGINT NOT NULL,
    person_id     BIGINT,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, year, number),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id)
);
CREATE INDEX register_entries_at ON register_entries (coop_id, registered_at);
CREATE INDEX register_entries_source ON register_entries (coop_id, source, source_id);

-- +goose Down
DROP TABLE register_entries;
DROP TABLE register_counters;
