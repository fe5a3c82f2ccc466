package messages

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// InboxLimit is how many threads Inbox returns at most.
const InboxLimit = 300

// Filter narrows the staff inbox; zero fields do not filter.
type Filter struct {
	Department Department
	Status     Status
	// Open: every status but closed (when Status is empty).
	Open bool
	// Assigned: a user id, or -1 for threads nobody took.
	Assigned int64
	// Overdue: only threads whose reply is late today.
	Overdue bool
	// CreatedSince: only threads begun at or after it (zero: all).
	CreatedSince time.Time
}

// Inbox lists the threads of a desk that pass the filter, the oldest
// reply due first, then the most recently active: the first InboxLimit.
func (s *Service) Inbox(ctx context.Context, coopID int64, sc Scope, f Filter) ([]Thread, error) {
	ts, _, err := s.inbox(ctx, coopID, sc, f, InboxLimit, 0, false)
	return ts, err
}

// InboxPageSize is how many threads one page of the staff inbox lists.
const InboxPageSize = 100

// InboxPage lists the page'th InboxPageSize threads (from 1) Inbox would
// list, without its limit, and how many pass the filter in all.
func (s *Service) InboxPage(ctx context.Context, coopID int64, sc Scope, f Filter, page int) ([]Thread, int, error) {
	return s.inbox(ctx, coopID, sc, f, InboxPageSize, (max(page, 1)-1)*InboxPageSize, true)
}

// deskWhere is the condition picking the threads of a desk that pass the
// filter, with its arguments; ok is false when the desk has no department
// at all (it sees no thread).
func (s *Service) deskWhere(coopID int64, sc Scope, f Filter) (cond string, args []any, ok bool) {
	where, args := []string{"t.coop_id = $1"}, []any{coopID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if !sc.All {
		ds := make([]string, 0, len(sc.Departments))
		for _, d := range sc.Departments {
			ds = append(ds, "'"+string(d)+"'") // constants of this package
		}
		if len(ds) == 0 {
			return "", nil, false
		}
		where = append(where, "t.department IN ("+strings.Join(ds, ", ")+")")
		if sc.EstateID != 0 {
			add("t.estate_id = ?", sc.EstateID)
		}
	}
	switch {
	case f.Department != "":
		add("t.department = ?", string(f.Department))
	}
	switch {
	case f.Status != "":
		add("t.status = ?", string(f.Status))
	case f.Open:
		where = append(where, "t.status <> 'closed'")
	}
	switch {
	case f.Assigned > 0:
		add("t.assigned_to = ?", f.Assigned)
	case f.Assigned < 0:
		where = append(where, "t.assigned_to IS NULL")
	}
	if f.Overdue {
		add("t.status IN ('new', 'in_progress') AND t.due_on < ?", s.today())
	}
	if !f.CreatedSince.IsZero() {
		add("t.created_at >= ?", f.CreatedSince)
	}
	return strings.Join(where, " AND "), args, true
}

// inbox lists limit threads of a desk from offset, and counts them all
// when count is set.
func (s *Service) inbox(ctx context.Context, coopID int64, sc Scope, f Filter, limit, offset int, count bool) ([]Thread, int, error) {
	where, args, ok := s.deskWhere(coopID, sc, f)
	if !ok {
		return nil, 0, nil
	}
	total := 0
	if count {
		if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) `+threadJoins+` WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("messages: inbox: %w", err)
		}
	}
	if limit == 0 {
		return nil, total, nil
	}
	args = append(args, limit, offset)
	ts, err := listThreads(ctx, s.DB.Read(), `SELECT `+threadColumns+` `+threadJoins+`
		WHERE `+where+`
		ORDER BY t.due_on IS NULL, t.due_on, t.updated_at DESC, t.id DESC LIMIT `+fmt.Sprintf("$%d OFFSET $%d", len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("messages: inbox: %w", err)
	}
	return ts, total, nil
}

// DeskFigures are what the staff dashboard shows of a desk: how many of
// its threads are new (nobody has answered or taken them), and when each
// of its open threads begun at or after since was begun.
func (s *Service) DeskFigures(ctx context.Context, coopID int64, sc Scope, since time.Time) (unread int, begun []time.Time, err error) {
	if _, unread, err = s.inbox(ctx, coopID, sc, Filter{Status: StatusNew}, 0, 0, true); err != nil {
		return 0, nil, err
	}
	// UTC, as the instants are stored (SQLite compares them as text).
	where, args, ok := s.deskWhere(coopID, sc, Filter{Open: true, CreatedSince: since.UTC()})
	if !ok {
		return 0, nil, nil
	}
	begun, err = store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (time.Time, error) {
		var t time.Time
		err := row.Scan(&t)
		return t, err
	}, `SELECT t.created_at `+threadJoins+` WHERE `+where, args...)
	if err != nil {
		return 0, nil, fmt.Errorf("messages: desk figures: %w", err)
	}
	return unread, begun, nil
}

// Today is the cooperative's day, by which the desk marks replies overdue.
func (s *Service) Today() civil.Date { return s.today() }

// deskThread loads a thread the scope holds, else store.ErrNotFound.
func (s *Service) deskThread(ctx context.Context, q store.Querier, coopID int64, sc Scope, id int64) (Thread, error) {
	t, err := s.thread(ctx, q, coopID, id)
	if err == nil && !sc.Sees(t) {
		err = store.ErrNotFound
	}
	return t, err
}

// StaffThread is a thread of the desk with every message, internal notes
// included.
func (s *Service) StaffThread(ctx context.Context, coopID int64, sc Scope, id int64) (ThreadView, error) {
	q := s.DB.Read()
	t, err := s.deskThread(ctx, q, coopID, sc, id)
	if err != nil {
		return ThreadView{}, fmt.Errorf("messages: desk thread %d: %w", id, err)
	}
	return s.view(ctx, q, t, true)
}

// StaffFile is an attachment of a thread of the desk.
func (s *Service) StaffFile(ctx context.Context, coopID int64, sc Scope, threadID, fileID int64) (File, error) {
	if _, err := s.deskThread(ctx, s.DB.Read(), coopID, sc, threadID); err != nil {
		return File{}, fmt.Errorf("messages: file %d: %w", fileID, err)
	}
	return s.file(ctx, coopID, threadID, fileID)
}

// Assignee is a staff member who may take threads of a desk.
type Assignee struct {
	ID   int64
	Name string
}

// Assignees lists the staff who may take a thread of the department and
// estate: those whose desk holds it. Two of the same name are told apart
// by their logins.
func (s *Service) Assignees(ctx context.Context, coopID int64, t Thread) ([]Assignee, error) {
	staff, err := store.QueryAll(ctx, s.DB.Read(), scanStaff, `SELECT id, display_name, role, COALESCE(estate_id, 0), login FROM users
		WHERE coop_id = $1 AND kind = 'staff' ORDER BY display_name, id`, coopID)
	if err != nil {
		return nil, fmt.Errorf("messages: assignees: %w", err)
	}
	var out []staffMember
	names := map[string]int{}
	for _, m := range staff {
		if m.scope.Sees(t) {
			out = append(out, m)
			names[m.Name]++
		}
	}
	as := make([]Assignee, 0, len(out))
	for _, m := range out {
		if names[m.Name] > 1 {
			m.Name += " (" + m.login + ")"
		}
		as = append(as, m.Assignee)
	}
	return as, nil
}

// staffMember is a staff member with the scope of their desk.
type staffMember struct {
	Assignee
	scope Scope
	login string
}

// scanStaff reads one row of id, name, role, estate and login of a staff
// member.
func scanStaff(row store.Scanner) (staffMember, error) {
	var m staffMember
	var role string
	var estate int64
	if err := row.Scan(&m.ID, &m.Name, &role, &estate, &m.login); err != nil {
		return m, err
	}
	m.scope = ScopeOf(auth.Role(role), estate)
	return m, nil
}
