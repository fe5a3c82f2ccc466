package letters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/text"
)

// Progress counts a letter's recipients by where their copies are.
type Progress struct {
	Total   int
	Pending int // not yet rendered and queued
	Queued  int // e-mail waiting in the outbox
	Sent    int // e-mail accepted by the mail server
	Moved   int // e-mail failed or bounced, moved to post
	Post    int // on paper (including Moved), in a batch or printed
	Printed int
}

// Done is how many copies have left ebok's hands or are on paper.
func (p Progress) Done() int { return p.Sent + p.Post }

// Progress counts a letter's recipients by status.
func (s *Service) Progress(ctx context.Context, by audit.Actor, id int64) (Progress, error) {
	if _, err := s.Get(ctx, by, id); err != nil {
		return Progress{}, err
	}
	var p Progress
	err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN reason <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status IN ('post', 'printed') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'printed' THEN 1 ELSE 0 END), 0)
		FROM letter_recipients WHERE coop_id = $1 AND letter_id = $2`, by.CoopID, id).
		Scan(&p.Total, &p.Pending, &p.Queued, &p.Sent, &p.Moved, &p.Post, &p.Printed)
	if err != nil {
		return p, fmt.Errorf("letters: progress of %d: %w", id, err)
	}
	return p, nil
}

// Delivery is one recipient's copy as the delivery report shows it.
type Delivery struct {
	ID         int64
	Name       string
	Channel    string // email or post
	Status     string // pending, queued, sent, post or printed
	Email      string
	RegisterNo string
	MessageID  string
	Reason     string // why an e-mail moved to post
	// Retrying is, while the e-mail is queued, the mail server's last
	// answer to an attempt that failed: it is tried again (for two days,
	// mail.DefaultMaxAttempts) before the letter moves to post.
	Retrying            string
	QueuedAt, SentAt    time.Time
	OpenedAt, Downloads time.Time
}

// ReportQuery picks what of a letter's delivery report to read.
type ReportQuery struct {
	// Status is "" for every recipient, a status, or "moved" for the
	// e-mails moved to post.
	Status string
	// Find is part of a recipient's name (with or without Polish letters,
	// in any case), their e-mail address or register number; "" for all.
	Find string
	// Page is the page of ReportPageSize rows to read, from 1; 0 reads
	// every row (the exports).
	Page int
}

// ReportPageSize is how many recipients one page of the report lists.
const ReportPageSize = 100

// Report lists a letter's recipients as q picks them, in the order they
// were chosen, and how many q picks in all.
func (s *Service) Report(ctx context.Context, by audit.Actor, id int64, q ReportQuery) ([]Delivery, int, error) {
	if _, err := s.Get(ctx, by, id); err != nil {
		return nil, 0, err
	}
	find := strings.Join(strings.Fields(q.Find), " ")
	where := `FROM letter_recipients r JOIN persons p ON p.coop_id = r.coop_id AND p.id = r.person_id
		LEFT JOIN outbox o ON o.id = r.outbox_id AND o.coop_id = r.coop_id
		WHERE r.coop_id = $1 AND r.letter_id = $2 AND ($3 = '' OR r.status = $3 OR ($3 = 'moved' AND r.reason <> ''))
		AND ($4 = '' OR p.name_folded LIKE $5 ESCAPE '\' OR p.company_folded LIKE $5 ESCAPE '\' OR lower(r.email) = $6 OR r.register_no = $4)`
	args := []any{by.CoopID, id, q.Status, find, "%" + likeEscape(text.Fold(find)) + "%", strings.ToLower(find)}
	var total int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("letters: report of %d: %w", id, err)
	}
	page := ""
	if q.Page > 0 {
		page = fmt.Sprintf(" LIMIT %d OFFSET %d", ReportPageSize, (q.Page-1)*ReportPageSize)
	}
	out, err := store.QueryAll(ctx, s.DB.Read(), scanDelivery, `SELECT r.id,
		CASE WHEN p.company_name <> '' THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
		r.channel, r.status, r.email, r.register_no, COALESCE(r.message_id, ''), r.reason,
		CASE WHEN r.status = 'queued' THEN COALESCE(o.last_error, '') ELSE '' END, r.queued_at, r.sent_at, r.opened_at, r.downloaded_at `+where+` ORDER BY r.id`+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("letters: report of %d: %w", id, err)
	}
	return out, total, nil
}

// reasonOf is what the export's reason column says of a recipient: why
// the e-mail moved to post, or while it is queued, the mail server's last
// answer.
func reasonOf(d Delivery) string {
	if d.Reason != "" {
		return d.Reason
	}
	return d.Retrying
}

// likeEscape escapes s for LIKE ... ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// scanDelivery reads one row of a letter's delivery report.
func scanDelivery(row store.Scanner) (Delivery, error) {
	var d Delivery
	var q, sent, opened, down sql.NullTime
	err := row.Scan(&d.ID, &d.Name, &d.Channel, &d.Status, &d.Email, &d.RegisterNo, &d.MessageID, &d.Reason,
		&d.Retrying, &q, &sent, &opened, &down)
	d.QueuedAt, d.SentAt, d.OpenedAt, d.Downloads = q.Time, sent.Time, opened.Time, down.Time
	return d, err
}

// ListPageSize is how many letters one page of the list shows.
const ListPageSize = 50

// List returns the page'th ListPageSize letters (from 1) the actor may
// see, newest first, and how many they may see in all.
func (s *Service) List(ctx context.Context, by audit.Actor, page int) ([]*Letter, int, error) {
	var total int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM letters WHERE coop_id = $1 AND ($2 = 0 OR estate_id = $2)`,
		by.CoopID, by.EstateID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("letters: list: %w", err)
	}
	out, err := store.QueryAll(ctx, s.DB.Read(), scanLetter, `SELECT `+letterColumns+` FROM letters
		WHERE coop_id = $1 AND ($2 = 0 OR estate_id = $2) ORDER BY id DESC LIMIT $3 OFFSET $4`,
		by.CoopID, by.EstateID, ListPageSize, (max(page, 1)-1)*ListPageSize)
	if err != nil {
		return nil, 0, fmt.Errorf("letters: list: %w", err)
	}
	return out, total, nil
}

// Warning is the warning staff should read before sending a letter (a fee
// notice taking effect too early), or nil.
func (s *Service) Warning(l *Letter) *Problem { return noticeWarning(l, s.today()) }

// ReportFile is the delivery report as CSV or XLSX.
func (s *Service) ReportFile(ctx context.Context, by audit.Actor, id int64, q ReportQuery, xlsx bool) (documents.File, error) {
	q.Page = 0
	ds, _, err := s.Report(ctx, by, id, q)
	if err != nil {
		return documents.File{}, err
	}
	l := s.polish()
	rows := [][]string{{l.T("letters.report.recipient"), l.T("letters.report.channel"), l.T("letters.report.status"),
		l.T("letters.report.register_no"), l.T("letters.report.queued"), l.T("letters.report.sent"),
		l.T("letters.report.message_id"), l.T("letters.report.reason"), l.T("letters.report.opened"), l.T("letters.report.downloaded")}}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(s.Loc).Format("02.01.2006 15:04")
	}
	for _, d := range ds {
		rows = append(rows, []string{d.Name, l.T("letters.channel." + d.Channel), l.T("letters.status." + d.Status),
			d.RegisterNo, stamp(d.QueuedAt), stamp(d.SentAt), d.MessageID, reasonOf(d), stamp(d.OpenedAt), stamp(d.Downloads)})
	}
	name := fmt.Sprintf("raport-doreczen-%d", id)
	if xlsx {
		return documents.TableXLSX(name, rows)
	}
	return documents.TableCSV(name, rows)
}

// View is everything the letter page shows: the letter, its warning, and
// while it is a draft or awaits approval its recipients' count and a
// sample to preview (or the Problem its rule has), else its progress and
// delivery report.
type View struct {
	Letter   *Letter
	Warning  *Problem
	Problem  *Problem
	Count    int
	Sample   []Recipient
	Progress Progress
	// Report is the page of the delivery report asked for, of ReportTotal
	// recipients its query picks.
	Report      []Delivery
	ReportTotal int
	// Attachments are the names of the files sent with the letter.
	Attachments []string
}

// sampleSize is how many recipients View offers to preview.
const sampleSize = 20

// View loads the letter page, with the page of its report q asks for.
func (s *Service) View(ctx context.Context, by audit.Actor, id int64, q ReportQuery) (*View, error) {
	l, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	v := &View{Letter: l, Warning: s.Warning(l)}
	if v.Attachments, err = store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (string, error) {
		var name string
		err := row.Scan(&name)
		return name, err
	}, `SELECT filename FROM letter_attachments WHERE coop_id = $1 AND letter_id = $2 ORDER BY id`, l.CoopID, l.ID); err != nil {
		return nil, fmt.Errorf("letters: attachments of %d: %w", l.ID, err)
	}
	if l.Status == Draft || l.Status == Awaiting {
		rcs, err := s.Resolve(ctx, l.scope(by), l.Rule)
		if !errors.As(err, &v.Problem) && err != nil {
			return nil, err
		}
		v.Count, v.Sample = len(rcs), rcs[:min(len(rcs), sampleSize)]
		return v, nil
	}
	if v.Progress, err = s.Progress(ctx, by, id); err != nil {
		return nil, err
	}
	v.Report, v.ReportTotal, err = s.Report(ctx, by, id, q)
	return v, err
}
