package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/store"
)

// reindex sets a document's shown file (the newest, or the newest
// anonymised one when it carries personal data) and its search words in
// library_words: title, number and the shown file's text.
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
	if _, err := tx.ExecContext(ctx, `UPDATE library_documents SET shown_file_id = $1
		WHERE coop_id = $2 AND id = $3`, shown, coopID, docID); err != nil {
		return err
	}
	return indexWords(ctx, tx, coopID, docID, weigh(words(title+" "+number+" "+body)))
}

// wordsPerInsert is the most rows of library_words one INSERT carries
// (four parameters each, well under either engine's limit).
const wordsPerInsert = 256

// indexWords replaces the document's rows of library_words by ws.
func indexWords(ctx context.Context, tx *store.Tx, coopID, docID int64, ws []weighted) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM library_words WHERE coop_id = $1 AND document_id = $2`,
		coopID, docID); err != nil {
		return err
	}
	for len(ws) > 0 {
		// Batches of a power of two rows: few statement texts to prepare.
		n := wordsPerInsert
		for n > len(ws) {
			n /= 2
		}
		batch := ws[:n]
		ws = ws[len(batch):]
		var q strings.Builder
		q.WriteString(`INSERT INTO library_words (coop_id, word, document_id, weight) VALUES `)
		args := make([]any, 0, 4*len(batch))
		for i, w := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d)", 4*i+1, 4*i+2, 4*i+3, 4*i+4)
			args = append(args, coopID, w.word, docID, w.weight)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
