package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/store"
)

// Query is a search of the library: words (optional) and filters.
type Query struct {
	// Text is what the reader typed; every word must begin a word of the
	// document's title, number or text, whatever the case and diacritics.
	Text     string
	Category Category
	Body     Body
	Year     int // year adopted (0: any)
	Status   Status
	// Limit bounds the results (0: 100).
	Limit int
}

// Hit is a document found, with its passage matching the query.
type Hit struct {
	Document
	// Snippet is the passage of the shown file's text around the first
	// matching word (nil without query words or without a match in the
	// text).
	Snippet []Part
	// New marks a document published since the reader's previous visit.
	New bool
}

// Find returns the documents rd may open that match q: ranked by
// relevance when q has words, else newest adopted first.
func (s *Service) Find(ctx context.Context, rd Reader, q Query) ([]Hit, error) {
	aud, err := s.audienceOf(ctx, rd, s.today())
	if err != nil {
		return nil, err
	}
	sqlText, args := s.findSQL(rd.CoopID, aud, q, terms(q.Text))
	docs, err := store.QueryAll(ctx, s.DB.Read(), scanDocument, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("library: find: %w", err)
	}
	hits := make([]Hit, len(docs))
	for i, d := range docs {
		hits[i] = Hit{Document: d}
	}
	if t := terms(q.Text); len(t) > 0 {
		if err := s.snippets(ctx, rd.CoopID, hits, t); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

// findSQL builds the query of Find. Without words it lists; with words it
// keeps the documents having, for every query word, a word of
// library_words that it begins, ranked by the sum of their weights.
func (s *Service) findSQL(coopID int64, aud audience, q Query, t []string) (string, []any) {
	args := []any{coopID}
	where := []string{"d.coop_id = $1", aud.where(&args, s.now())}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if q.Category != "" {
		add("d.category = $%d", string(q.Category))
	}
	if q.Body != "" {
		add("d.body = $%d", string(q.Body))
	}
	if q.Year != 0 {
		add("d.adopted_year = $%d", q.Year)
	}
	if q.Status != "" {
		add("d.status = $%d", string(q.Status))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	if len(t) == 0 {
		return fmt.Sprintf("SELECT %s FROM library_documents d WHERE %s "+
			"ORDER BY d.adopted_on DESC, d.publish_at DESC, d.id DESC LIMIT %d",
			docColumns, strings.Join(where, " AND "), limit), args
	}
	// The documents are ranked by id and score alone; only those shown
	// are read whole.
	return fmt.Sprintf("SELECT %s FROM (SELECT d.id, m.score FROM (%s) m JOIN library_documents d ON d.id = m.document_id "+
		"WHERE %s ORDER BY m.score DESC, d.id DESC LIMIT %d) top JOIN library_documents d ON d.id = top.id "+
		"ORDER BY top.score DESC, top.id DESC", docColumns, matchSQL(&args, t), strings.Join(where, " AND "), limit), args
}

// matchSQL selects the documents (document_id, score) of the cooperative
// ($1) having a word that each term begins: a range of library_words'
// primary key per term, the documents found for all of them kept.
func matchSQL(args *[]any, t []string) string {
	parts := make([]string, len(t))
	for i, w := range t {
		*args = append(*args, w, after(w))
		parts[i] = fmt.Sprintf(`SELECT document_id, weight, %d AS term FROM library_words
			WHERE coop_id = $1 AND word >= $%d AND word < $%d`, i, len(*args)-1, len(*args))
	}
	having := ""
	if len(t) > 1 {
		having = fmt.Sprintf(" HAVING COUNT(DISTINCT term) = %d", len(t))
	}
	return "SELECT document_id, SUM(weight) AS score FROM (" + strings.Join(parts, " UNION ALL ") +
		") w GROUP BY document_id" + having
}

// snippetPrefix is how much of a shown file's text (in characters) the
// snippets are first looked for in: enough for a passage in most texts,
// far less than a long document's whole text.
const snippetPrefix = 4000

// snippets fills each hit's snippet from the text of its shown file: the
// only file whose words are indexed, and one its reader may open. The
// beginnings of the texts come in one query (its list of ids padded with
// 0, no file's id, to a power of two, so that few statement texts are
// prepared); a text whose passage is not within its beginning is read
// whole.
func (s *Service) snippets(ctx context.Context, coopID int64, hits []Hit, t []string) error {
	args := []any{coopID}
	at := map[int64][]int{}
	for i, h := range hits {
		if h.ShownFileID != 0 {
			at[h.ShownFileID] = append(at[h.ShownFileID], i)
			args = append(args, h.ShownFileID)
		}
	}
	if len(at) == 0 {
		return nil
	}
	n := 8
	for n < len(args)-1 {
		n *= 2
	}
	marks := make([]string, n)
	for i := range marks {
		if i+1 >= len(args) {
			args = append(args, int64(0))
		}
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	begins, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (fileText, error) {
		var f fileText
		return f, row.Scan(&f.id, &f.text)
	}, fmt.Sprintf(`SELECT id, substr(text, 1, %d) FROM library_files WHERE coop_id = $1 AND id IN (%s)`,
		snippetPrefix, strings.Join(marks, ", ")), args...)
	if err != nil {
		return fmt.Errorf("library: snippets: %w", err)
	}
	for _, f := range begins {
		parts, ok := prefixSnippet(f.text, utf8.RuneCountInString(f.text) < snippetPrefix, t)
		if !ok {
			if err := s.DB.Read().QueryRowContext(ctx, `SELECT text FROM library_files WHERE coop_id = $1 AND id = $2`,
				coopID, f.id).Scan(&f.text); err != nil {
				return fmt.Errorf("library: snippet of file %d: %w", f.id, err)
			}
			parts = snippet(f.text, t)
		}
		for _, i := range at[f.id] {
			hits[i].Snippet = parts
		}
	}
	return nil
}

// fileText is a file's text, or its beginning.
type fileText struct {
	id   int64
	text string
}

// Browse is Find for the library's page: it marks the documents published
// since the reader's previous visit and records this visit (for logins).
func (s *Service) Browse(ctx context.Context, rd Reader, q Query) ([]Hit, error) {
	hits, err := s.Find(ctx, rd, q)
	if err != nil || rd.UserID == 0 || rd.Kind == Staff {
		return hits, err
	}
	now := s.now()
	var last time.Time
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT visit_at FROM library_visits WHERE coop_id = $1 AND user_id = $2`,
			rd.CoopID, rd.UserID).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO library_visits (coop_id, user_id, visit_at) VALUES ($1, $2, $3)
			ON CONFLICT (coop_id, user_id) DO UPDATE SET visit_at = excluded.visit_at`, rd.CoopID, rd.UserID, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("library: visit: %w", err)
	}
	for i := range hits {
		hits[i].New = !last.IsZero() && hits[i].PublishAt.After(last)
	}
	return hits, nil
}
