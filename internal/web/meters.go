package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/meters"
)

// metersPage is a premises' meters, their readings and, for the resident
// while the window is open, a reading form per meter.
type metersPage struct {
	premisesPage
	Meters []meterView
	// Open says the window is open today; WindowFrom..WindowTo is the
	// current window, or the next one when it is closed.
	Open                 bool
	WindowFrom, WindowTo civil.Date
	Today                civil.Date
	// Sent is the meter whose reading was just stored.
	Sent   int64
	Errors []fieldError
}

// meterView is one meter with its history and its form as typed.
type meterView struct {
	meters.Meter
	History []historyRow
	Form    readingForm
	// Use is the chart of its use, this year against last (charts.go).
	Use meterUse
}

// historyRow is a reading with the use since the reading before it.
type historyRow struct {
	meters.Reading
	Use    meters.Value
	HasUse bool
}

// readingForm is a reading as the resident typed it, with its problem.
type readingForm struct {
	Value string
	Error string
	// Confirm asks the resident to confirm an implausible jump.
	Confirm bool
}

// CanSubmit reports whether the page offers the reading form for m.
func (p metersPage) CanSubmit(m meterView) bool {
	return !p.Staff && p.Ended.IsZero() && p.Open && m.InService(p.Today)
}

// KindName names a meter's kind: "woda zimna".
func (p metersPage) KindName(k meters.Kind) string { return kindName(p.L, k) }

// Unit is a meter's unit: "m³" or "GJ".
func (p metersPage) Unit(k meters.Kind) string { return unit(p.L, k) }

func kindName(l *i18n.Localizer, k meters.Kind) string { return l.T("meters.kind." + string(k)) }

func unit(l *i18n.Localizer, k meters.Kind) string { return l.T("meters.unit." + string(k)) }

func (s *Server) premisesMeters(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	p, err := s.metersPage(r, h)
	if err != nil {
		return err
	}
	if sent, ok := queryID(r, "sent"); ok {
		p.Sent = sent
	}
	return s.render(w, r, http.StatusOK, "premises_meters", p)
}

// metersPage loads a premises' meters, their histories and the window.
func (s *Server) metersPage(r *http.Request, h *coop.Holding) (metersPage, error) {
	ctx := r.Context()
	coopID := stateOf(r).coop.ID
	svc := s.Meters
	p := metersPage{premisesPage: s.newPremisesPage(r, "meters.title", h, "meters"), Today: s.today()}
	win, err := svc.Window(ctx, coopID)
	if err != nil {
		return p, err
	}
	p.Open = win.Open(p.Today)
	p.WindowFrom, p.WindowTo = win.Span(p.Today)
	ms, err := svc.Meters(ctx, coopID, h.ID)
	if err != nil {
		return p, err
	}
	for _, m := range ms {
		hist, err := svc.History(ctx, coopID, m.ID)
		if err != nil {
			return p, err
		}
		rows := withUse(hist)
		// A resident sees the readings taken since their holding began.
		for len(rows) > 0 && rows[len(rows)-1].ReadOn.Before(h.VisibleFrom) {
			rows = rows[:len(rows)-1]
		}
		// A former holder sees none taken after their title ended (rows
		// are newest first).
		for len(rows) > 0 && !h.VisibleUntil.IsZero() && rows[0].ReadOn.After(h.VisibleUntil) {
			rows = rows[1:]
		}
		if !h.VisibleUntil.IsZero() {
			// Nor, as the last reading, one of the buyer's.
			m.Last = nil
			for i := range rows {
				if rows[i].Status != meters.Rejected {
					m.Last = &rows[i].Reading
					break
				}
			}
		}
		mv := meterView{Meter: m, History: rows}
		mv.Use = meterUseChart(p.L, mv, p.Today)
		p.Meters = append(p.Meters, mv)
	}
	return p, nil
}

// withUse pairs each reading (newest first) with the use since the next
// older reading that was not rejected.
func withUse(hist []meters.Reading) []historyRow {
	out := make([]historyRow, len(hist))
	var older *meters.Reading
	for i := len(hist) - 1; i >= 0; i-- {
		out[i].Reading = hist[i]
		if older != nil && hist[i].Status != meters.Rejected {
			out[i].Use, out[i].HasUse = hist[i].Value-older.Value, true
		}
		if hist[i].Status != meters.Rejected {
			older = &hist[i]
		}
	}
	return out
}

// queryID reads a positive id from the query string.
func queryID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return id, err == nil && id > 0
}

// submitReading stores a resident's reading, or shows the page again with
// the problem beside the field.
func (s *Server) submitReading(w http.ResponseWriter, r *http.Request) error {
	h, meterID, err := s.holdingItem(r, "meter")
	if err != nil {
		return err
	}
	st := stateOf(r)
	p, err := s.metersPage(r, h)
	if err != nil {
		return err
	}
	i := meterIndex(p.Meters, meterID)
	if i < 0 {
		return fault.ErrNotFound
	}
	if !p.Ended.IsZero() {
		// A page opened before the title ended: the readings are the
		// buyer's now, which the page says.
		http.Redirect(w, r, p.Base+"/meters", http.StatusSeeOther)
		return nil
	}
	m := &p.Meters[i]
	m.Form.Value = strings.TrimSpace(r.PostFormValue("value"))
	value, err := meters.ParseValue(m.Form.Value)
	if err == nil {
		_, err = s.Meters.Submit(r.Context(), meters.Submission{CoopID: st.coop.ID, PremisesID: h.ID,
			MeterID: meterID, By: st.user().ID, Value: value, Confirmed: r.PostFormValue("confirm") == "yes"}, p.Today)
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("%s/meters?sent=%d#m-%d", p.Base, meterID, meterID), http.StatusSeeOther)
		return nil
	}
	var jump *meters.JumpError
	switch {
	case errors.Is(err, meters.ErrValueSyntax):
		m.Form.Error = p.L.T("meters.error.syntax")
	case errors.Is(err, meters.ErrValuePrecision):
		m.Form.Error = p.L.T("meters.error.precision")
	case errors.Is(err, meters.ErrValueRange):
		m.Form.Error = p.L.T("meters.error.range")
	case errors.Is(err, meters.ErrOutsideWindow):
		m.Form.Error = p.L.T("meters.error.window", p.WindowFrom.Format(), p.WindowTo.Format())
	case errors.Is(err, meters.ErrNotInService):
		m.Form.Error = p.L.T("meters.error.not_in_service")
	case errors.Is(err, meters.ErrBelowPrevious):
		m.Form.Error = p.L.T("meters.error.below")
	case errors.As(err, &jump):
		m.Form.Error = p.L.T("meters.error.jump", jump.Use.Format(), unit(p.L, m.Kind), jump.Since.Format())
		m.Form.Confirm = true
	default:
		return err
	}
	p.Errors = []fieldError{{Field: fmt.Sprintf("value-%d", meterID), Message: m.Form.Error}}
	return s.render(w, r, http.StatusUnprocessableEntity, "premises_meters", p)
}

func meterIndex(ms []meterView, id int64) int {
	for i := range ms {
		if ms[i].ID == id {
			return i
		}
	}
	return -1
}

// readingsPage is the staff queue of readings waiting for a decision.
type readingsPage struct {
	Page
	List meters.PendingList
	// Done names the decision just made; Error a decision that failed as
	// a whole.
	Done, Error string
	// Failed is the reading whose form has a problem: Field names the
	// field, Text says what, Value and Note are what was typed.
	Failed                   int64
	Field, Text, Value, Note string
}

// CanDecide reports whether the staff member may decide on readings.
func (p readingsPage) CanDecide() bool { return postingStaff.allows(p.User) }

// KindName names a meter's kind.
func (p readingsPage) KindName(k meters.Kind) string { return kindName(p.L, k) }

// Unit is a meter's unit.
func (p readingsPage) Unit(k meters.Kind) string { return unit(p.L, k) }

// ErrFor returns the problem of a reading's field, or "".
func (p readingsPage) ErrFor(id int64, field string) string {
	if p.Failed == id && p.Field == field {
		return p.Text
	}
	return ""
}

// Typed returns what was typed into a field of a reading's form (form is
// "correct" or "reject", field "value" or "note") when that form failed.
func (p readingsPage) Typed(id int64, form, field string) string {
	if p.Failed != id || !strings.HasPrefix(p.Field, form+"-") {
		return ""
	}
	if field == "value" {
		return p.Value
	}
	return p.Note
}

// decisions are the notices shown after a decision, by its name.
var decisions = map[string]string{
	"accepted":  "readings.done.accepted",
	"corrected": "readings.done.corrected",
	"rejected":  "readings.done.rejected",
}

func (s *Server) staffReadings(w http.ResponseWriter, r *http.Request) error {
	p := readingsPage{Page: s.page(r, "readings.title")}
	if key, ok := decisions[r.URL.Query().Get("done")]; ok {
		p.Done = p.L.T(key)
	}
	return s.showReadings(w, r, http.StatusOK, p)
}

func (s *Server) showReadings(w http.ResponseWriter, r *http.Request, status int, p readingsPage) error {
	u := stateOf(r).user()
	var err error
	if p.List, err = s.Meters.Pending(r.Context(), u.CoopID, u.EstateID); err != nil {
		return err
	}
	p.Section = "readings"
	return s.render(w, r, status, "staff_readings", p)
}

func (s *Server) staffAcceptReading(w http.ResponseWriter, r *http.Request) error {
	return s.decideReading(w, r, "accepted", func(by audit.Actor, id int64, _ *readingsPage) error {
		return s.Meters.Accept(r.Context(), by, id)
	})
}

func (s *Server) staffRejectReading(w http.ResponseWriter, r *http.Request) error {
	return s.decideReading(w, r, "rejected", func(by audit.Actor, id int64, p *readingsPage) error {
		p.Note = r.PostFormValue("note")
		p.Field = "reject-note"
		return s.Meters.Reject(r.Context(), by, id, p.Note)
	})
}

func (s *Server) staffCorrectReading(w http.ResponseWriter, r *http.Request) error {
	return s.decideReading(w, r, "corrected", func(by audit.Actor, id int64, p *readingsPage) error {
		p.Value, p.Note = strings.TrimSpace(r.PostFormValue("value")), r.PostFormValue("note")
		p.Field = "correct-value"
		v, err := meters.ParseValue(p.Value)
		if err != nil {
			return err
		}
		p.Field = "correct-note"
		_, err = s.Meters.Correct(r.Context(), by, id, v, p.Note)
		return err
	})
}

// decideReading runs one staff decision on the reading of the path and
// goes back to the queue, or shows it again with the problem.
func (s *Server) decideReading(w http.ResponseWriter, r *http.Request, done string,
	decide func(by audit.Actor, id int64, p *readingsPage) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := readingsPage{Page: s.page(r, "readings.title"), Failed: id}
	err = decide(actorOf(r), id, &p)
	switch {
	case err == nil:
		return s.flashRedirect(w, r, "/staff/readings", decisions[done])
	case errors.Is(err, meters.ErrAlreadyDecided):
		p.Error = p.L.T("readings.error.decided")
		return s.showReadings(w, r, http.StatusConflict, p)
	case errors.Is(err, meters.ErrNoteRequired):
		p.Text = p.L.T("readings.error.note", meters.MaxNote)
	case errors.Is(err, meters.ErrValuePrecision):
		p.Text = p.L.T("meters.error.precision")
	case errors.Is(err, meters.ErrValueRange):
		p.Text = p.L.T("meters.error.range")
	case errors.Is(err, meters.ErrValueSyntax):
		p.Text = p.L.T("meters.error.syntax")
	default:
		return err
	}
	return s.showReadings(w, r, http.StatusUnprocessableEntity, p)
}
