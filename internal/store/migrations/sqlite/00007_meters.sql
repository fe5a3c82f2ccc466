-- +goose Up
-- Water and heat meters of premises, their readings, and the window of
-- days in each month when residents may submit readings.
CREATE TABLE meters (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL,
    premises_id  BIGINT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('cold_water', 'hot_water', 'heat')),
    serial       TEXT NOT NULL,
    installed_on DATE NOT NULL,
    removed_on   DATE,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, serial),
    FOREIGN KEY (coop_id, premises_id) REFERENCES premises (coop_id, id)
);
CREATE INDEX meters_premises ON meters (coop_id, premises_id);

-- value is in thousandths of the unit (m³ for water, GJ for heat).
CREATE TABLE meter_readings (
    id           INTEGER PRIMARY KEY,
    coop_id      BIGINT NOT NULL,
    meter_id     BIGINT NOT NULL,
    read_on      DATE NOT NULL,
    value        BIGINT NOT NULL CHECK (value >= 0),
    source       TEXT NOT NULL CHECK (source IN ('resident', 'staff', 'import')),
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected')),
    submitted_by BIGINT REFERENCES users (id),
    decided_by   BIGINT REFERENCES users (id),
    decided_at   TIMESTAMP,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    FOREIGN KEY (coop_id, meter_id) REFERENCES meters (coop_id, id)
);
CREATE INDEX meter_readings_meter ON meter_readings (coop_id, meter_id, read_on);

CREATE TABLE reading_windows (
    coop_id  BIGINT PRIMARY KEY REFERENCES cooperatives (id),
    from_day INTEGER NOT NULL CHECK (from_day BETWEEN 1 AND 31),
    to_day   INTEGER NOT NULL CHECK (to_day BETWEEN 1 AND 31)
);

-- +goose Down
DROP TABLE reading_windows;
DROP TABLE meter_readings;
DROP TABLE meters;
