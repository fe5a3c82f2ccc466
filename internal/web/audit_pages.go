package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
)

const (
	// auditPageSize is how many entries one page of the audit browser shows.
	auditPageSize = 100
	// accountLoginsShown is how many login attempts a resident or member
	// sees of their own account.
	accountLoginsShown = 20
	// auditTimeLayout shows an entry's time to the second.
	auditTimeLayout = "02.01.2006 15:04:05"
	// maxAuditField bounds what a filter field may hold.
	maxAuditField = 100
)

// auditView records that the staff member of r opened a person's data
// (GDPR: who looked at whose data). It commits on its own: the viewing
// changes nothing else that it could commit with.
func (s *Server) auditView(r *http.Request, personID int64) error {
	u := stateOf(r).user()
	if u == nil || u.Kind != auth.Staff {
		return errors.New("web: person view audited without a staff session")
	}
	return s.Audit.Record(r.Context(), actorOf(r), audit.PersonViewed,
		"person:"+strconv.FormatInt(personID, 10), personID, nil)
}

// auditPersonalRead records, before next runs, that a staff member read
// personal data on a page (personal_data.read, GDPR: who looked at what):
// the path as subject, and the query string (a search's words, a
// statement's period) in Details. A page without a query on the staff
// home (no search) shows nothing personal and is not recorded.
func (s *Server) auditPersonalRead(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u := stateOf(r).user()
		if u == nil || u.Kind != auth.Staff {
			return next(w, r)
		}
		q := r.URL.Query()
		if r.URL.Path == "/staff" && strings.TrimSpace(q.Get("q")) == "" {
			return next(w, r)
		}
		details := map[string]string{}
		if raw := r.URL.RawQuery; raw != "" {
			if v := strings.TrimSpace(q.Get("q")); v != "" {
				details["query"] = truncate(v, 200)
			}
			details["params"] = truncate(raw, 300)
		}
		if err := s.Audit.Record(r.Context(), actorOf(r), audit.PersonalDataRead, truncate(r.URL.Path, 200), 0, details); err != nil {
			return err
		}
		return next(w, r)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// auditQuery is the audit browser's filter form as typed, shown again in
// its fields.
type auditQuery struct {
	Action, Actor, Person, Subject, From, To string
	// Before is the seq the page starts below (0: the newest).
	Before int64
}

func readAuditQuery(r *http.Request) auditQuery {
	v := r.URL.Query()
	field := func(name string) string {
		s := strings.TrimSpace(v.Get(name))
		if len(s) > maxAuditField {
			s = s[:maxAuditField]
		}
		return s
	}
	q := auditQuery{Action: field("action"), Actor: field("actor"), Person: field("person"),
		Subject: field("subject"), From: field("from"), To: field("to")}
	if b, err := strconv.ParseInt(v.Get("before"), 10, 64); err == nil && b > 0 {
		q.Before = b
	}
	return q
}

// values are the filters as URL parameters, without the page position.
func (q auditQuery) values() url.Values {
	v := url.Values{}
	for name, val := range map[string]string{"action": q.Action, "actor": q.Actor, "person": q.Person,
		"subject": q.Subject, "from": q.From, "to": q.To} {
		if val != "" {
			v.Set(name, val)
		}
	}
	return v
}

// link is the browser's address for these filters, starting below seq
// before (0: at the newest entry).
func (q auditQuery) link(before int64) string {
	v := q.values()
	if before > 0 {
		v.Set("before", strconv.FormatInt(before, 10))
	}
	if len(v) == 0 {
		return "/staff/audit"
	}
	return "/staff/audit?" + v.Encode()
}

// filter turns the form into an audit.Filter. Mistakes come back as field
// errors; err is for failures of the database.
func (s *Server) auditFilter(ctx context.Context, coopID int64, q auditQuery) (f audit.Filter, errs map[string]string, err error) {
	errs = map[string]string{}
	f.Subject, f.BeforeSeq = q.Subject, q.Before
	if q.Action != "" {
		if f.Action = audit.Action(q.Action); !f.Action.Valid() {
			errs["action"] = "audit.error.action"
		}
	}
	if q.Actor != "" {
		f.ActorID, err = s.auditActor(ctx, coopID, q.Actor)
		if errors.Is(err, fault.ErrNotFound) {
			errs["actor"], err = "audit.error.actor", nil
		}
		if err != nil {
			return f, nil, err
		}
	}
	if q.Person != "" {
		if f.PersonID, err = strconv.ParseInt(q.Person, 10, 64); err != nil || f.PersonID <= 0 {
			errs["person"], err = "audit.error.person", nil
		}
	}
	var from, to civil.Date
	for _, d := range []struct {
		name, text string
		into       *civil.Date
	}{{"from", q.From, &from}, {"to", q.To, &to}} {
		if d.text == "" {
			continue
		}
		if *d.into, err = civil.Parse(d.text); err != nil {
			errs[d.name], err = "audit.error.date", nil
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		errs["to"] = "audit.error.range"
	}
	// Days begin and end in the cooperative's time zone; the upper bound
	// is exclusive, so "to" takes in the whole of its day.
	if !from.IsZero() {
		f.From = from.In(s.Config.TimeZone)
	}
	if !to.IsZero() {
		f.To = to.AddDays(1).In(s.Config.TimeZone)
	}
	return f, errs, nil
}

// auditActor finds the user a filter names: a login of the cooperative
// first, else a user number. The fault.ErrNotFound it returns is a mistake
// of the form.
func (s *Server) auditActor(ctx context.Context, coopID int64, actor string) (int64, error) {
	u, err := s.Auth.UserByLogin(ctx, coopID, actor)
	if err == nil {
		return u.ID, nil
	}
	if !errors.Is(err, fault.ErrNotFound) {
		return 0, fmt.Errorf("web: audit actor %q: %w", actor, err)
	}
	if n, perr := strconv.ParseInt(actor, 10, 64); perr == nil && n > 0 {
		return n, nil
	}
	return 0, err
}

// chainStatus is the result of verifying the cooperative's chain.
type chainStatus struct {
	// Checked is how many entries passed.
	Checked int
	// Broken names the first entry that did not, nil when none.
	Broken *audit.BrokenError
}

// verifyChain walks the cooperative's chain; a broken chain is a finding
// to show, not an error.
func (s *Server) verifyChain(ctx context.Context, coopID int64) (chainStatus, error) {
	n, err := s.Audit.Verify(ctx, coopID)
	st := chainStatus{Checked: n}
	if errors.As(err, &st.Broken) {
		s.Logger.LogAttrs(ctx, slog.LevelWarn, "audit chain broken", slog.Int64("coop_id", coopID),
			slog.Int64("seq", st.Broken.Seq), slog.Int64("row_id", st.Broken.ID), slog.String("reason", st.Broken.Reason))
		return st, nil
	}
	return st, err
}

// auditRow is one entry as the browser shows it: a sentence, with the
// technical details (as stored) one click away.
type auditRow struct {
	Seq                       int64
	Sentence                  string
	At, Actor, ActorLink      string
	Action, Subject, SubjLink string
	PersonID                  int64
	IP, Details               string
	Broken                    bool
}

// auditPage is the staff audit browser.
type auditPage struct {
	Page
	Query   auditQuery
	Actions []actionOption
	Chain   chainStatus
	// ChainLink opens the page that starts at the broken entry.
	ChainLink string
	Errors    []fieldError
	fieldErrs map[string]string
	Rows      []auditRow
	// Older and Newest link to the next page and back to the first; empty
	// when there is none.
	Older, Newest string
}

// actionOption is one choice of the action filter.
type actionOption struct {
	Value, Label string
	Selected     bool
}

// Field describes a text filter for the field partial.
func (p auditPage) Field(name, width string) fieldView {
	values := map[string]string{"actor": p.Query.Actor, "person": p.Query.Person,
		"subject": p.Query.Subject, "from": p.Query.From, "to": p.Query.To}
	f := fieldView{Name: name, Label: p.L.T("audit.filter." + name), Hint: p.L.T("audit.filter." + name + ".hint"),
		Value: values[name], Type: "text", Width: width}
	if key, ok := p.fieldErrs[name]; ok {
		f.Error = p.L.T(key)
	}
	return f
}

// ActionError is the message beside the action filter, if any.
func (p auditPage) ActionError() string {
	if key, ok := p.fieldErrs["action"]; ok {
		return p.L.T(key)
	}
	return ""
}

// auditFields orders the filter fields as the page shows them, for the
// error summary.
var auditFields = []string{"action", "actor", "person", "subject", "from", "to"}

func (s *Server) staffAudit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := stateOf(r).user()
	p := auditPage{Page: s.page(r, "audit.title"), Query: readAuditQuery(r)}
	p.Section = "audit"
	for _, a := range audit.Actions() {
		p.Actions = append(p.Actions, actionOption{Value: string(a), Label: s.actionLabel(p.L, a), Selected: string(a) == p.Query.Action})
	}
	var err error
	if p.Chain, err = s.verifyChain(ctx, u.CoopID); err != nil {
		return err
	}
	if b := p.Chain.Broken; b != nil {
		p.ChainLink = auditQuery{}.link(b.Seq + 1)
	}
	f, errs, err := s.auditFilter(ctx, u.CoopID, p.Query)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		p.fieldErrs = errs
		for _, name := range auditFields {
			if key, ok := errs[name]; ok {
				p.Errors = append(p.Errors, fieldError{Field: name, Message: p.L.T(key)})
			}
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_audit", p)
	}
	// One entry more than a page tells whether there are older ones.
	f.Limit = auditPageSize + 1
	entries, err := s.Audit.List(ctx, u.CoopID, f)
	if err != nil {
		return err
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		p.Older = p.Query.link(entries[len(entries)-1].Seq)
	}
	if p.Query.Before > 0 {
		p.Newest = p.Query.link(0)
	}
	names, err := s.Audit.Names(ctx, u.CoopID, entries)
	if err != nil {
		return err
	}
	for _, e := range entries {
		row := s.auditRowOf(p, e)
		row.Sentence = audit.Sentence(p.L.T, e, names)
		p.Rows = append(p.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "staff_audit", p)
}

// auditRowOf prepares an entry for the table, with links that filter by
// its actor and subject.
func (s *Server) auditRowOf(p auditPage, e audit.Entry) auditRow {
	row := auditRow{Seq: e.Seq, At: s.auditTime(e.At), Actor: e.Actor, Action: s.actionLabel(p.L, e.Action),
		Subject: e.Subject, PersonID: e.PersonID, IP: e.IP, Details: detailsText(e.Details)}
	row.Broken = p.Chain.Broken != nil && p.Chain.Broken.Seq == e.Seq
	if e.ActorID != 0 {
		row.ActorLink = auditQuery{Actor: strconv.FormatInt(e.ActorID, 10)}.link(0)
	}
	if e.Subject != "" {
		row.SubjLink = auditQuery{Subject: e.Subject}.link(0)
	}
	return row
}

// actionLabel names an action in the page's language; an action the
// catalogue does not know shows as stored.
func (s *Server) actionLabel(l *i18n.Localizer, a audit.Action) string {
	key := "audit.action." + string(a)
	if !s.Catalogue.Has(l.Lang(), key) {
		return string(a)
	}
	return l.T(key)
}

// auditTime shows an instant in the cooperative's time zone.
func (s *Server) auditTime(t time.Time) string {
	return t.In(s.Config.TimeZone).Format(auditTimeLayout)
}

// detailsText shows details as key=value, keys sorted.
func detailsText(d map[string]string) string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + d[k]
	}
	return strings.Join(parts, ", ")
}
