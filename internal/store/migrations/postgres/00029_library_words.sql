-- +goose Up
-- The library's search index becomes a table of words (issue 10 §2: a
-- search over 5,000 documents of 20 pages under 50 ms): one row per word of
-- a document (its title, number and shown file's text, folded by
-- text.Fold and cut into words in Go, at most 64 characters each) with its
-- weight in the document's ranking, the same rows on both engines. A query
-- word matches the words it begins by a range of the primary key
-- (word >= w AND word < the next string after w), so word compares byte by
-- byte (COLLATE "C"), as on SQLite. Weight is the term frequency part of
-- BM25 (k1 1.2, b 0.75, average length 2,000 words) in integers:
-- 44,000,000·tf / (20,000·tf + 6,000 + 9·length), length being the number
-- of the document's words. It replaces the tsvector (search_tsv) and
-- search_text, filled here from search_text, whose words are the same.
CREATE TABLE library_words (
    coop_id     BIGINT NOT NULL,
    word        TEXT COLLATE "C" NOT NULL,
    document_id BIGINT NOT NULL,
    weight      INTEGER NOT NULL,
    PRIMARY KEY (coop_id, word, document_id) INCLUDE (weight),
    FOREIGN KEY (coop_id, document_id) REFERENCES library_documents (coop_id, id)
);
CREATE INDEX library_words_document ON library_words (coop_id, document_id);

WITH w AS (
    SELECT d.coop_id, d.id AS document_id, left(x.word, 64) AS word
    FROM library_documents d, unnest(string_to_array(d.search_text, ' ')) AS x (word)
    WHERE d.search_text <> ''
), c AS (
    SELECT coop_id, document_id, word, COUNT(*) AS tf FROM w GROUP BY coop_id, document_id, word
), n AS (
    SELECT coop_id, document_id, word, tf, (SUM(tf) OVER (PARTITION BY coop_id, document_id))::bigint AS length FROM c
)
INSERT INTO library_words (coop_id, word, document_id, weight)
SELECT coop_id, word, document_id, 44000000 * tf / (20000 * tf + 6000 + 9 * length) FROM n;

DROP INDEX library_documents_words;
ALTER TABLE library_documents DROP COLUMN search_tsv, DROP COLUMN search_text;

-- +goose Down
ALTER TABLE library_documents ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE library_documents d SET search_text = COALESCE((SELECT string_agg(w.word, ' ') FROM library_words w
    WHERE w.coop_id = d.coop_id AND w.document_id = d.id), '');
ALTER TABLE library_documents ADD COLUMN search_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX library_documents_words ON library_documents USING GIN (search_tsv);
DROP TABLE library_words;
