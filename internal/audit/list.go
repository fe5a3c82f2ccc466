package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Page sizes for List.
const (
	// DefaultLimit is how many rows List returns when Filter.Limit is 0.
	DefaultLimit = 100
	// MaxLimit is the most rows List returns at once.
	MaxLimit = 500
)

// Filter narrows List. Zero values select everything.
type Filter struct {
	// Action keeps rows of one action ("" = all).
	Action Action
	// ActorID keeps rows done by one user (0 = any).
	ActorID int64
	// PersonID keeps rows about one person's data (0 = any).
	PersonID int64
	// Subject keeps rows about one record, matched exactly ("" = any).
	Subject string
	// From keeps rows at or after it (zero = no lower bound).
	From time.Time
	// To keeps rows strictly before it (zero = no upper bound).
	To time.Time
	// Limit caps the rows returned: DefaultLimit when 0, at most MaxLimit.
	Limit int
	// BeforeSeq keeps rows with a smaller seq, for the next page: pass the
	// Seq of the last row of the page before (0 = start at the newest).
	BeforeSeq int64
}

// columns are what scanEntry reads, in its order.
const columns = `id, coop_id, seq, at, actor_id, actor, action, subject, person_id, ip, details, prev_hash, hash`

// List returns a cooperative's rows that match f, newest first. Rows of
// other cooperatives are never returned.
func List(ctx context.Context, q store.Querier, coopID int64, f Filter) ([]Entry, error) {
	var w where
	w.add("coop_id = ", coopID)
	if f.Action != "" {
		w.add("action = ", string(f.Action))
	}
	if f.ActorID != 0 {
		w.add("actor_id = ", f.ActorID)
	}
	if f.PersonID != 0 {
		w.add("person_id = ", f.PersonID)
	}
	if f.Subject != "" {
		w.add("subject = ", f.Subject)
	}
	if !f.From.IsZero() {
		w.add("at >= ", bound(f.From))
	}
	if !f.To.IsZero() {
		w.add("at < ", bound(f.To))
	}
	if f.BeforeSeq != 0 {
		w.add("seq < ", f.BeforeSeq)
	}
	entries, err := query(ctx, q, w, limit(f.Limit))
	if err != nil {
		return nil, fmt.Errorf("audit: list cooperative %d: %w", coopID, err)
	}
	return entries, nil
}

// LastLogins returns a user's last n login attempts (login.success,
// login.failure, login.locked), newest first: what residents see of their
// own account. n follows the rules of Filter.Limit.
func LastLogins(ctx context.Context, q store.Querier, coopID, userID int64, n int) ([]Entry, error) {
	var w where
	w.add("coop_id = ", coopID)
	w.add("actor_id = ", userID)
	in := make([]string, 0, 3)
	for _, a := range loginActions() {
		w.args = append(w.args, string(a))
		in = append(in, "$"+strconv.Itoa(len(w.args)))
	}
	w.conds = append(w.conds, "action IN ("+strings.Join(in, ", ")+")")
	entries, err := query(ctx, q, w, limit(n))
	if err != nil {
		return nil, fmt.Errorf("audit: last logins of user %d: %w", userID, err)
	}
	return entries, nil
}

// bound prepares a time filter: in UTC, because SQLite compares the stored
// text, which is UTC; rounded up to the microsecond, because PostgreSQL
// would round it to the nearest one. Stored times are whole microseconds, so
// at >= bound(t) selects exactly the rows with at >= t (and so for <).
func bound(t time.Time) time.Time {
	t = t.UTC()
	if r := t.Truncate(time.Microsecond); r.Before(t) {
		return r.Add(time.Microsecond)
	}
	return t
}

// limit applies the page-size defaults.
func limit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// where gathers conditions with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

// add appends the condition expr $n with arg as $n.
func (w *where) add(expr string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, expr+"$"+strconv.Itoa(len(w.args)))
}

// query runs the filtered select, newest first.
func query(ctx context.Context, q store.Querier, w where, n int) ([]Entry, error) {
	sqlText := "SELECT " + columns + " FROM audit_log WHERE " + strings.Join(w.conds, " AND ") +
		" ORDER BY seq DESC LIMIT " + strconv.Itoa(n)
	out, err := store.QueryAll(ctx, q, scanEntry, sqlText, w.args...)
	return out, store.MapError(err)
}

// scanEntry reads one row selected with columns.
func scanEntry(rows store.Scanner) (Entry, error) {
	e, details, err := scanRow(rows)
	if err != nil {
		return e, err
	}
	e.Details, err = parseDetails(details)
	return e, err
}

// scanRow reads one row selected with columns, leaving its details as
// stored: Verify reports undecodable details as a broken row.
func scanRow(rows store.Scanner) (e Entry, details string, err error) {
	var actorID, personID sql.NullInt64
	var action string
	err = rows.Scan(&e.ID, &e.CoopID, &e.Seq, &e.At, &actorID, &e.Actor, &action, &e.Subject,
		&personID, &e.IP, &details, &e.PrevHash, &e.Hash)
	if err != nil {
		return Entry{}, "", err
	}
	e.At = e.At.UTC()
	e.ActorID, e.PersonID, e.Action = actorID.Int64, personID.Int64, Action(action)
	return e, details, nil
}
