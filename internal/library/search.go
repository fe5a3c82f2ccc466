package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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
// matches FTS5 (SQLite) or tsvector('simple') (PostgreSQL) over the same
// folded words, ranked by bm25 or ts_rank.
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
	from, order := "library_documents d", "d.adopted_on DESC, d.publish_at DESC, d.id DESC"
	switch {
	case len(t) > 0 && s.DB.Dialect() == store.SQLite:
		from = "library_fts JOIN library_documents d ON d.id = library_fts.rowid"
		add("library_fts MATCH $%d", ftsMatch(t))
		order = "bm25(library_fts), d.id DESC"
	case len(t) > 0:
		add("d.search_tsv @@ to_tsquery('simple', $%d)", tsQuery(t))
		order = fmt.Sprintf("ts_rank(d.search_tsv, to_tsquery('simple', $%d)) DESC, d.id DESC", len(args))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	return fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT %d",
		docColumns, from, strings.Join(where, " AND "), order, limit), args
}

// snippets fills each hit's snippet from the text of its shown file: the
// only file whose words are indexed, and one its reader may open.
func (s *Service) snippets(ctx context.Context, coopID int64, hits []Hit, t []string) error {
	for i := range hits {
		if hits[i].ShownFileID == 0 {
			continue
		}
		var body string
		err := s.DB.Read().QueryRowContext(ctx, `SELECT text FROM library_files WHERE coop_id = $1 AND id = $2`,
			coopID, hits[i].ShownFileID).Scan(&body)
		if err != nil {
			return fmt.Errorf("library: snippet of %d: %w", hits[i].ID, err)
		}
		hits[i].Snippet = snippet(body, t)
	}
	return nil
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
