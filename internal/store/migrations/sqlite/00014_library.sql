-- +goose Up
-- The IKCS members' library (USM art. 8¹): the statute, regulations,
-- resolutions, minutes, audit reports and financial statements, each with
-- its PDF files (every version kept). shown_file_id is the file people
-- other than staff see: the newest file, or for a document carrying
-- personal data the newest anonymised one (NULL: nobody but staff).
-- search_text is title, number and that file's text folded by text.Fold
-- and cut into words, indexed by library_fts (FTS5, rowid = document id).
CREATE TABLE library_documents (
    id            INTEGER PRIMARY KEY,
    coop_id       BIGINT NOT NULL REFERENCES cooperatives (id),
    category      TEXT NOT NULL CHECK (category IN ('statute', 'regulations', 'resolutions', 'minutes', 'audit_reports', 'financial_statements', 'contracts', 'other')),
    body          TEXT NOT NULL CHECK (body IN ('general_meeting', 'supervisory_board', 'board', 'other')),
    number        TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    adopted_on    DATE,
    adopted_year  INTEGER NOT NULL DEFAULT 0,
    effective_on  DATE,
    publish_at    TIMESTAMP NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('in_force', 'archived', 'repealed', 'superseded')),
    superseded_by BIGINT,
    estate_id     BIGINT,
    visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'members', 'residents')),
    personal_data BOOLEAN NOT NULL DEFAULT FALSE,
    shown_file_id BIGINT,
    search_text   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (coop_id, id),
    FOREIGN KEY (coop_id, superseded_by) REFERENCES library_documents (coop_id, id),
    FOREIGN KEY (coop_id, estate_id) REFERENCES estates (coop_id, id),
    CHECK ((status = 'superseded') = (superseded_by IS NOT NULL))
);
CREATE INDEX library_documents_browse ON library_documents (coop_id, category, publish_at);
CREATE INDEX library_documents_superseded ON library_documents (coop_id, superseded_by);

CREATE TABLE library_files (
    id          INTEGER PRIMARY KEY,
    coop_id     BIGINT NOT NULL,
    document_id BIGINT NOT NULL,
    version     INTEGER NOT NULL CHECK (version > 0),
    anonymised  BOOLEAN NOT NULL DEFAULT FALSE,
    filename    TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    data        BLOB NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    has_text    BOOLEAN NOT NULL,
    extractor   TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    uploaded_by TEXT NOT NULL,
    UNIQUE (coop_id, id),
    UNIQUE (coop_id, document_id, version),
    FOREIGN KEY (coop_id, document_id) REFERENCES library_documents (coop_id, id)
);

-- Who downloaded what, so that members see their own history.
CREATE TABLE library_downloads (
    id            INTEGER PRIMARY KEY,
    coop_id       BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    file_id       BIGINT NOT NULL,
    downloaded_at TIMESTAMP NOT NULL,
    FOREIGN KEY (coop_id, file_id) REFERENCES library_files (coop_id, id)
);
CREATE INDEX library_downloads_user ON library_downloads (coop_id, user_id, downloaded_at);

-- The last time a login opened the library, for "new since your last visit".
CREATE TABLE library_visits (
    coop_id  BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    visit_at TIMESTAMP NOT NULL,
    PRIMARY KEY (coop_id, user_id)
);

CREATE VIRTUAL TABLE library_fts USING fts5 (words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
DROP TABLE library_fts;
DROP TABLE library_visits;
DROP TABLE library_downloads;
DROP TABLE library_files;
DROP TABLE library_documents;
