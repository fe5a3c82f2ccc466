-- +goose Up
-- The member's own account in IKCS (issue 10 §5): shares, when recorded
-- (their number and the amount paid in grosze), and requests for copies of
-- documents (USM art. 8¹ ust. 1–2). Copies of the statute and regulations
-- are free; others carry the fee the cooperative set (library_settings)
-- at the time of the request. document_id is the library's document asked
-- for (NULL: described in words, e.g. a contract not in the library).
ALTER TABLE memberships ADD COLUMN shares INTEGER;
ALTER TABLE memberships ADD COLUMN shares_paid BIGINT;

CREATE TABLE library_settings (
    coop_id  BIGINT PRIMARY KEY REFERENCES cooperatives (id),
    copy_fee BIGINT NOT NULL CHECK (copy_fee >= 0)
);

CREATE TABLE copy_requests (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    person_id   BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    category    TEXT NOT NULL,
    document_id BIGINT,
    description TEXT NOT NULL,
    fee         BIGINT NOT NULL CHECK (fee >= 0),
    status      TEXT NOT NULL CHECK (status IN ('filed', 'in_progress', 'ready', 'delivered', 'refused')),
    note        TEXT NOT NULL DEFAULT '',
    filed_at    TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, person_id) REFERENCES persons (coop_id, id),
    FOREIGN KEY (coop_id, document_id) REFERENCES library_documents (coop_id, id)
);
CREATE INDEX copy_requests_person ON copy_requests (coop_id, person_id, filed_at);
CREATE INDEX copy_requests_queue ON copy_requests (coop_id, status, filed_at);

-- +goose Down
DROP TABLE copy_requests;
DROP TABLE library_settings;
ALTER TABLE memberships DROP COLUMN shares_paid;
ALTER TABLE memberships DROP COLUMN shares;
