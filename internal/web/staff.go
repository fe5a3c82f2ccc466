package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
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
}

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user()
	p := staffHomePage{Page: s.page(r, "staff.title"), Limit: searchLimit}
	p.Section = "staff"
	if p.CanSeeApplications() {
		c, err := s.Access.Count(r.Context(), accessView(u), s.today())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Counts = &c
	}
	p.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	if len(p.Query) > 100 {
		p.Query = p.Query[:100]
	}
	if p.Query != "" {
		res, err := s.Coops.Search(r.Context(), u.CoopID, u.EstateID, p.Query, searchLimit)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Searched, p.Result = true, res
	}
	s.render(w, r, http.StatusOK, "staff_home", p)
}

// pathID reads a positive numeric path value; anything else is not found.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
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
	Zone        *time.Location
}

// Stamp shows an instant as a Polish date and time in the cooperative's zone.
func (p staffPersonPage) Stamp(t time.Time) string { return t.In(p.Zone).Format("02.01.2006 15:04") }

func (s *Server) staffPerson(w http.ResponseWriter, r *http.Request) {
	if person, ok := s.personFor(w, r); ok {
		s.showPerson(w, r, person, http.StatusOK, "")
	}
}

func (s *Server) showPerson(w http.ResponseWriter, r *http.Request, person *coop.Person, status int, errKey string) {
	u := stateOf(r).user()
	id := person.ID
	var err error
	p := staffPersonPage{Page: s.page(r, "staff.person.title"), Person: person, Today: s.today(), Zone: s.Config.TimeZone}
	if errKey != "" {
		p.Error = p.L.T(errKey)
	}
	p.Section = "staff"
	p.Title = person.Name()
	if p.Memberships, err = s.Coops.Memberships(r.Context(), u.CoopID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	holdings, err := s.Coops.Holdings(r.Context(), u.CoopID, id, p.Today)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Premises, err = s.cards(r, u.CoopID, holdings); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Past, err = s.Coops.PastHoldings(r.Context(), u.CoopID, id, p.Today); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.CanSeeApplications() {
		if p.Logins, err = s.Access.Logins(r.Context(), u.CoopID, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// Who looked at whose data is logged.
	if err := s.auditView(r, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "staff_person", p)
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
}

func (s *Server) staffPremises(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user()
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	prem, err := s.Coops.PremisesByID(r.Context(), u.CoopID, u.EstateID, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := staffPremisesPage{Page: s.page(r, "staff.premises.title"), Premises: prem}
	p.Section = "staff"
	p.Title = prem.Address()
	balances, err := s.Ledger.Balances(r.Context(), u.CoopID, []int64{prem.AccountID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Balance = balances[prem.AccountID]
	if p.Holders, err = s.Coops.Holders(r.Context(), u.CoopID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_premises", p)
}

// personFor loads the person of the path as the staff member may see them.
func (s *Server) personFor(w http.ResponseWriter, r *http.Request) (*coop.Person, bool) {
	u := stateOf(r).user()
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	person, err := s.Coops.PersonFor(r.Context(), u.CoopID, u.EstateID, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return person, true
}

// staffNewStartPassword issues a new start password for one of the
// person's logins, printed or e-mailed.
func (s *Server) staffNewStartPassword(w http.ResponseWriter, r *http.Request) {
	person, ok := s.personFor(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	userID, err := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.bad_request")
		return
	}
	d := access.Delivery(r.PostFormValue("delivery"))
	if d != access.Email {
		d = access.Print
	}
	cred, err := s.Access.NewStartPassword(r.Context(), actorOf(r), person.ID, userID, d)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if errors.Is(err, access.ErrNoEmail) {
		s.showPerson(w, r, person, http.StatusUnprocessableEntity, "queue.error.no_email")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showCredentials(w, r, cred, 0)
}

// staffExtendAccess lets a former holder keep access to a premises.
func (s *Server) staffExtendAccess(w http.ResponseWriter, r *http.Request) {
	person, ok := s.personFor(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	premisesID, err := strconv.ParseInt(r.PostFormValue("premises"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.bad_request")
		return
	}
	until, err := civil.Parse(strings.TrimSpace(r.PostFormValue("until")))
	if err != nil {
		s.showPerson(w, r, person, http.StatusUnprocessableEntity, "extend.error.date")
		return
	}
	err = s.Access.ExtendAccess(r.Context(), actorOf(r), person.ID, premisesID, until, s.today())
	switch {
	case errors.Is(err, access.ErrBadExtension):
		s.showPerson(w, r, person, http.StatusUnprocessableEntity, "extend.error.range")
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/persons/%d", person.ID), http.StatusSeeOther)
}
