package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
)

// chargesPage runs the monthly charges from the fee schedule: the month
// first, then a preview of what the run would post, then the run itself
// once staff confirm the preview.
type chargesPage struct {
	Page
	Month string
	// Suggested says that the month in the field is the next one, put
	// there by ebok (fees are charged in advance), not typed.
	Suggested string
	Preview   *ledger.RunPreview
	// Changed says that the figures changed between the preview and the
	// confirmation (rates or premises were edited): the new preview is
	// shown to be confirmed again.
	Changed bool
	Error   string
}

func (s *Server) staffCharges(w http.ResponseWriter, r *http.Request) error {
	next := civil.MonthOf(s.today()).Next()
	p := chargesPage{Page: s.page(r, "charges.title"), Month: next.String()}
	p.Suggested = p.L.T("charges.month.suggested", next.Format())
	p.Section = "charges"
	return s.render(w, r, http.StatusOK, "staff_charges", p)
}

// staffChargesRun shows the preview of a month's run or, when the form
// confirms a preview whose figures still hold, runs it and goes back to
// the form with a message saying what was posted.
func (s *Server) staffChargesRun(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	p := chargesPage{Page: s.page(r, "charges.title"), Month: strings.TrimSpace(r.PostFormValue("month"))}
	p.Section = "charges"
	month, err := civil.ParseMonth(p.Month)
	if err != nil {
		p.Error = p.L.T("charges.error.month")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_charges", p)
	}
	p.Month = month.String()
	p.Preview, err = s.Ledger.PreviewCharges(r.Context(), st.coop.ID, month, s.today())
	if errors.Is(err, ledger.ErrRunTooEarly) {
		p.Error = p.L.T("charges.error.early")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_charges", p)
	}
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.render(w, r, http.StatusOK, "staff_charges", p)
	}
	// The run must be the one staff saw.
	if r.PostFormValue("accounts") != strconv.Itoa(p.Preview.Accounts) || r.PostFormValue("total") != p.Preview.Total.Plain() {
		p.Changed = true
		return s.render(w, r, http.StatusConflict, "staff_charges", p)
	}
	res, err := s.Ledger.RunCharges(r.Context(), actorOf(r), month, st.coop.FeeDueDay, s.today())
	if err != nil {
		return err
	}
	return s.flashRedirect(w, r, "/staff/charges", "flash.charges", month.Format(), strconv.Itoa(res.Accounts), strconv.Itoa(res.Entries),
		res.Total.Format(), strconv.Itoa(res.Skipped))
}
