package web

import (
	"net/http"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
)

// accountLoginsPage is the login history of the logged-in account.
type accountLoginsPage struct {
	Page
	Shown int
	Rows  []loginRow
	// Home is the portal's start page, for the way back.
	Home string
}

// loginRow is one login attempt; Failed marks it apart by more than colour.
type loginRow struct {
	At, Result, IP string
	Failed         bool
}

func (s *Server) accountLogins(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	entries, err := s.Audit.LastLogins(r.Context(), u.CoopID, u.ID, accountLoginsShown)
	if err != nil {
		return err
	}
	p := accountLoginsPage{Page: s.page(r, "logins.title"), Shown: accountLoginsShown, Home: "/ebok"}
	p.Section = "ebok"
	if u.Kind == auth.Member {
		p.Section, p.Home = "ikcs", "/ikcs"
	}
	for _, e := range entries {
		p.Rows = append(p.Rows, loginRow{At: s.auditTime(e.At), Result: p.L.T("logins.result." + string(e.Action)),
			IP: e.IP, Failed: e.Action != audit.LoginSuccess})
	}
	return s.render(w, r, http.StatusOK, "account_logins", p)
}
