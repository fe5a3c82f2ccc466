package library

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ebok/ebok/internal/store"
)

// reindex sets a document's shown file (the newest, or the newest
// anonymised one when it carries personal data) and its search words:
// title, number and the shown file's text. On SQLite the FTS5 row follows.
func (s *Service) reindex(ctx context.Context, tx *store.Tx, coopID, docID int64) error {
	var title, number, body string
	var personal bool
	if err := tx.QueryRowContext(ctx, `SELECT title, number, personal_data FROM library_documents
		WHERE coop_id = $1 AND id = $2`, coopID, docID).Scan(&title, &number, &personal); err != nil {
		return err
	}
	var shown sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT id, text FROM library_files WHERE coop_id = $1 AND document_id = $2
		AND (anonymised OR NOT $3) ORDER BY version DESC LIMIT 1`, coopID, docID, personal).Scan(&shown, &body)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	w := words(title + " " + number + " " + body)
	if _, err := tx.ExecContext(ctx, `UPDATE library_documents SET shown_file_id = $1, search_text = $2
		WHERE coop_id = $3 AND id = $4`, shown, w, coopID, docID); err != nil {
		return err
	}
	if tx.Dialect() != store.SQLite {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM library_fts WHERE rowid = $1`, docID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO library_fts (rowid, words) VALUES ($1, $2)`, docID, w)
	return err
}
