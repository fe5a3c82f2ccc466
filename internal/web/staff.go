package web

import (
	"errors"
	"fmt"
	"github.com/ebok/ebok/internal/letters"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/ledger"
)

// searchLimit bounds each list of search results.
const searchLimit = 50

// staffHomePage is the back office start: a search of persons and premises
// of the cooperative (of one estate for an estate administration).
type staffHomePage struct {
	Page
	// Counts of the applications the staff member's department decides,
	// when it decides any.
	Counts   *access.Counts
	Query    string
	Searched bool
	Result   *coop.SearchResult
	Limit    int
	// Figures are the dashboard's numbers with sparklines (staff_dashboard.go).
	Figures []dashFigure
}

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	p := staffHomePage{Page: s.page(r, "staff.title"), Limit: searchLimit}
	p.Section = "staff"
	if p.CanSeeApplications() {
		c, err := s.Access.Count(r.Context(), accessView(u), s.today())
		if err != nil {
			return err
		}
		p.Counts = &c
	}
	figures, err := s.staffDashboard(r, p.Page, p.Counts)
	if err != nil {
		return err
	}
	p.Figures = figures
	p.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if len(p.Query) > 100 {
		p.Query = p.Query[:100]
	}
	if p.Query != "" {
		res, err := s.Coops.Search(r.Context(), u.CoopID, u.EstateID, p.Query, searchLimit)
		if err != nil {
			return err
		}
		p.Searched, p.Result = true, res
	}
	return s.render(w, r, http.StatusOK, "staff_home", p)
}

// staffPersonPage shows one person to staff.
type staffPersonPage struct {
	Page
	Person      *coop.Person
	Memberships []coop.Membership
	Premises    []premisesCard
	Past        []coop.Holding
	Logins      []access.Login
	Today       civil.Date
	Error       string
}

func (s *Server) staffPerson(w http.ResponseWriter, r *http.Request) error {
	person, err := s.personFor(r)
	if err != nil {
		return err
	}
	return s.showPerson(w, r, person, http.StatusOK, "")
}

func (s *Server) showPerson(w http.ResponseWriter, r *http.Request, person *coop.Person, status int, errKey string) error {
	u := stateOf(r).user()
	id := person.ID
	var err error
	p := staffPersonPage{Page: s.page(r, "staff.person.title"), Person: person, Today: s.today()}
	if errKey != "" {
		p.Error = p.L.T(errKey)
	}
	p.Section = "staff"
	p.Title = person.Name()
	if p.Memberships, err = s.Coops.Memberships(r.Context(), u.CoopID, id); err != nil {
		return err
	}
	holdings, err := s.Coops.Holdings(r.Context(), u.CoopID, id, p.Today)
	if err != nil {
		return err
	}
	if p.Premises, err = s.cards(r, u.CoopID, holdings); err != nil {
		return err
	}
	if p.Past, err = s.Coops.PastHoldings(r.Context(), u.CoopID, id, p.Today); err != nil {
		return err
	}
	if p.CanSeeApplications() {
		if p.Logins, err = s.Access.Logins(r.Context(), u.CoopID, id); err != nil {
			return err
		}
	}
	// Who looked at whose data is logged.
	if err := s.auditView(r, id); err != nil {
		return err
	}
	return s.render(w, r, status, "staff_person", p)
}

// cards adds balances to holdings.
func (s *Server) cards(r *http.Request, coopID int64, holdings []coop.Holding) ([]premisesCard, error) {
	ids := make([]int64, len(holdings))
	for i, h := range holdings {
		ids[i] = h.AccountID
	}
	balances, err := s.Ledger.Balances(r.Context(), coopID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]premisesCard, len(holdings))
	for i, h := range holdings {
		out[i] = premisesCard{Holding: h, Balance: balances[h.AccountID]}
	}
	return out, nil
}

// staffPremisesPage shows one premises to staff: its data, account,
// balance and every holder, past and present.
type staffPremisesPage struct {
	Page
	Premises *coop.Premises
	Balance  ledger.Balance
	Holders  []coop.Holder
	// Notices are the fee notices sent about the premises, with the days
	// they count as delivered.
	Notices []letters.Notice
}

func (s *Server) staffPremises(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	prem, err := s.Coops.PremisesByID(r.Context(), u.CoopID, u.EstateID, id)
	if err != nil {
		return err
	}
	p := staffPremisesPage{Page: s.page(r, "staff.premises.title"), Premises: prem}
	p.Section = "staff"
	p.Title = prem.Address()
	balances, err := s.Ledger.Balances(r.Context(), u.CoopID, []int64{prem.AccountID})
	if err != nil {
		return err
	}
	p.Balance = balances[prem.AccountID]
	if p.Holders, err = s.Coops.Holders(r.Context(), u.CoopID, id); err != nil {
		return err
	}
	if p.Notices, err = s.Letters.FeeNotices(r.Context(), u.CoopID, id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_premises", p)
}

// personFor loads the person of the path as the staff member may see them.
func (s *Server) personFor(r *http.Request) (*coop.Person, error) {
	u := stateOf(r).user()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Coops.PersonFor(r.Context(), u.CoopID, u.EstateID, id)
}

// personItem finds the person of the path as personFor does, and reads the
// id of one of their things (a login, a premises) from the form field.
func (s *Server) personItem(r *http.Request, field string) (*coop.Person, int64, error) {
	person, err := s.personFor(r)
	if err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PostFormValue(field), 10, 64)
	if err != nil {
		return nil, 0, errBadRequest
	}
	return person, id, nil
}

// staffNewStartPassword issues a new start password for one of the
// person's logins, printed or e-mailed.
func (s *Server) staffNewStartPassword(w http.ResponseWriter, r *http.Request) error {
	person, userID, err := s.personItem(r, "user")
	if err != nil {
		return err
	}
	d := access.Delivery(r.PostFormValue("delivery"))
	if d != access.Email {
		d = access.Print
	}
	cred, err := s.Access.NewStartPassword(r.Context(), actorOf(r), person.ID, userID, d)
	if errors.Is(err, access.ErrNoEmail) {
		return s.showPerson(w, r, person, http.StatusUnprocessableEntity, "queue.error.no_email")
	}
	if err != nil {
		return err
	}
	return s.showCredentials(w, r, cred, 0)
}

// staffExtendAccess lets a former holder keep access to a premises.
func (s *Server) staffExtendAccess(w http.ResponseWriter, r *http.Request) error {
	person, premisesID, err := s.personItem(r, "premises")
	if err != nil {
		return err
	}
	until, err := civil.Parse(strings.TrimSpace(r.PostFormValue("until")))
	if err != nil {
		return s.showPerson(w, r, person, http.StatusUnprocessableEntity, "extend.error.date")
	}
	err = s.Access.ExtendAccess(r.Context(), actorOf(r), person.ID, premisesID, until, s.today())
	switch {
	case errors.Is(err, access.ErrBadExtension):
		return s.showPerson(w, r, person, http.StatusUnprocessableEntity, "extend.error.range")
	case errors.Is(err, access.ErrExtensionTooLate):
		return s.showPerson(w, r, person, http.StatusUnprocessableEntity, "extend.error.too_late")
	case err != nil:
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/persons/%d", person.ID), http.StatusSeeOther)
	return nil
}
