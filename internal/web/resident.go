package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/money"
)

// premisesCard is one premises on the resident's overview.
type premisesCard struct {
	coop.Holding
	Balance ledger.Balance
}

// residentPage is the E-BOK overview: every premises the person holds,
// with its balance.
type residentPage struct {
	Page
	Today    civil.Date
	Premises []premisesCard
	// Member is the current membership, when the person is a member: the
	// page then offers the way into the member area (IKCS).
	Member *coop.Membership
	// Consent is the e-Korespondencja consent in force.
	Consent access.Consent
	// Unread is how many letters (e-Korespondencja) the resident has not
	// opened.
	Unread int
	// Announcements are the cooperative's announcements in force that
	// concern the resident.
	Announcements []messages.Announcement
	// Arrears and Overpaid add up the premises' balances: what all of them
	// leave to pay now, and what is overpaid on some. Payments are settled
	// per premises, so one does not offset the other.
	Arrears, Overpaid money.Amount
}

// Mixed reports an overpayment on one premises beside arrears on another,
// which the page explains.
func (p residentPage) Mixed() bool { return p.Arrears > 0 && p.Overpaid > 0 }

// EstateLabel names a premises' estate once: "osiedle Słoneczne", or the
// estate's own name when it already says "Osiedle …".
func (p residentPage) EstateLabel(name string) string {
	word := p.L.T("premises.estate")
	if strings.HasPrefix(strings.ToLower(name), strings.ToLower(word)+" ") {
		return name
	}
	return word + " " + name
}

func (s *Server) residentHome(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	u := st.user()
	today := s.today()
	holdings, err := s.Coops.Holdings(r.Context(), u.CoopID, u.PersonID, today)
	if err != nil {
		return err
	}
	ids := make([]int64, len(holdings))
	for i, h := range holdings {
		ids[i] = h.AccountID
	}
	balances, err := s.Ledger.Balances(r.Context(), u.CoopID, ids)
	if err != nil {
		return err
	}
	p := residentPage{Page: s.page(r, "resident.title"), Today: today}
	if p.Consent, err = s.Access.CurrentConsent(r.Context(), u.CoopID, u.PersonID); err != nil {
		return err
	}
	p.Section = "ebok"
	if p.Unread, err = s.Letters.UnreadCount(r.Context(), u.CoopID, u.PersonID); err != nil {
		return err
	}
	if p.Announcements, err = s.Messages.AnnouncementsFor(r.Context(), u.CoopID, u.PersonID); err != nil {
		return err
	}
	for _, h := range holdings {
		b := balances[h.AccountID]
		if former(&h, today) {
			// The account goes on with the buyer's entries.
			if b, _, err = s.formerBalance(r, &h); err != nil {
				return err
			}
		}
		p.Premises = append(p.Premises, premisesCard{Holding: h, Balance: b})
		if b.Amount > 0 {
			p.Arrears += b.Amount
		} else {
			p.Overpaid -= b.Amount
		}
	}
	m, err := s.Coops.CurrentMembership(r.Context(), u.CoopID, u.PersonID, today)
	switch {
	case err == nil:
		p.Member = m
	case !errors.Is(err, fault.ErrNotFound):
		return err
	}
	return s.render(w, r, http.StatusOK, "resident", p)
}

// residentConsent grants or withdraws the e-Korespondencja consent.
func (s *Server) residentConsent(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	granted := r.PostFormValue("consent") == "grant"
	if err := s.Letters.SetConsent(r.Context(), actorOf(r), u.PersonID, granted, "resident:"+u.Login); err != nil {
		return err
	}
	http.Redirect(w, r, "/ebok#consent", http.StatusSeeOther)
	return nil
}

// memberPage is the IKCS home: the membership and the premises held.
type memberPage struct {
	Page
	Person     *coop.Person
	Membership *coop.Membership
	Holdings   []coop.Holding
	// Announcements are the cooperative's announcements in force that
	// concern the member.
	Announcements []messages.Announcement
	// HasEBOK is set when the member also holds an E-BOK login: the page
	// then links to E-BOK.
	HasEBOK bool
}

// SharesPaid is the amount paid for the member's shares, in złoty.
func (p memberPage) SharesPaid() string { return money.Amount(p.Membership.SharesPaid).Format() }

func (s *Server) memberHome(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	today := s.today()
	p := memberPage{Page: s.page(r, "member.title")}
	p.Section = "ikcs"
	var err error
	if p.Person, err = s.Coops.Person(r.Context(), u.CoopID, u.PersonID); err != nil {
		return err
	}
	p.Membership, err = s.Coops.CurrentMembership(r.Context(), u.CoopID, u.PersonID, today)
	if errors.Is(err, fault.ErrNotFound) {
		// A member login whose membership has ended opens nothing.
		return httpError(http.StatusForbidden, "member.error.ended")
	}
	if err != nil {
		return err
	}
	if p.Holdings, err = s.Coops.Holdings(r.Context(), u.CoopID, u.PersonID, today); err != nil {
		return err
	}
	if p.Announcements, err = s.Messages.AnnouncementsFor(r.Context(), u.CoopID, u.PersonID); err != nil {
		return err
	}
	if p.HasEBOK, err = s.Coops.HasLogin(r.Context(), u.CoopID, u.PersonID, string(auth.Resident)); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "member", p)
}
