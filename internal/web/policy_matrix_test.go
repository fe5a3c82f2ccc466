package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Who may use each route, written out by hand from what each page is for,
// independently of the route table. Each value is a set of the users below:
// "all" (anyone, logged in or not), "any-login" (any logged-in user),
// "resident", "member", or staff roles by name ("admin" passes every
// staff route and is listed where it may). A route the table serves
// without a line here fails the test, and so does a line without a route.
var policyMatrix = map[string]string{
	"GET /{$}":         "all",
	"GET /healthz":     "all",
	"GET /metrics":     "ops",
	"GET /static/":     "all",
	"POST /lang":       "all",
	"POST /ebok/login": "all", "POST /ikcs/login": "all",
	"GET /staff/login": "all", "POST /staff/login": "all",
	"POST /logout":   "all",
	"GET /login/2fa": "pending", "POST /login/2fa": "pending",
	"GET /password/change": "any-login", "POST /password/change": "any-login",
	"GET /password/forgot": "all", "POST /password/forgot": "all",
	"GET /password/reset": "all", "POST /password/reset": "all",
	"GET /unlock": "all", "POST /unlock": "all",
	"GET /account/2fa": "any-login", "POST /account/2fa": "any-login",

	"GET /apply/{portal}": "all", "POST /apply/{portal}": "all", "GET /apply/{portal}/form.pdf": "all",
	"GET /apply/sent": "all", "GET /apply/confirm": "all", "POST /apply/confirm": "all",
	"GET /regulations/{portal}": "all",

	"GET /ebok": "resident", "POST /ebok/consent": "resident", "GET /ebok/logins": "resident",
	"GET /ebok/premises/{id}": "resident", "GET /ebok/premises/{id}/ledger": "resident",
	"GET /ebok/premises/{id}/fees": "resident", "GET /ebok/premises/{id}/statement.csv": "resident",
	"GET /ebok/premises/{id}/statement.pdf": "resident", "GET /ebok/premises/{id}/statement.xlsx": "resident",
	"GET /ebok/premises/{id}/slip.pdf": "resident", "GET /ebok/premises/{id}/settlements": "resident",
	"GET /ebok/premises/{id}/settlements/{sid}": "resident", "GET /ebok/premises/{id}/meters": "resident",
	"POST /ebok/premises/{id}/meters/{meter}/readings": "resident",

	"GET /ikcs": "member", "GET /ikcs/logins": "member",

	// The members' library: the public part on the cooperative's site (what
	// each document shows depends on who reads it, which the library's own
	// tests cover), the members' part, and the membership department and
	// the board publishing.
	"GET /library": "all", "GET /library/{id}": "all", "GET /library/{id}/files/{file}": "all",
	"GET /ikcs/library": "member", "GET /ikcs/library/downloads": "member", "GET /ikcs/library/{id}": "member",
	"GET /ikcs/library/{id}/files/{file}": "member",
	"GET /ikcs/meetings":                  "member", "GET /ikcs/meetings/{id}": "member", "GET /ikcs/meetings/{id}/items/{item}": "member",
	"POST /ikcs/meetings/{id}/drafts": "member", "GET /ikcs/meetings/{id}/drafts/{draft}/receipt.pdf": "member",
	"GET /staff/meetings": "admin membership board", "POST /staff/meetings": "admin membership board",
	"GET /staff/meetings/{id}": "admin membership board", "POST /staff/meetings/{id}/notice": "admin membership board",
	"POST /staff/meetings/{id}/items": "admin membership board", "GET /staff/meetings/{id}/items/{item}": "admin membership board",
	"POST /staff/meetings/{id}/votes": "admin membership board", "POST /staff/meetings/{id}/results": "admin membership board",
	"GET /staff/meetings/{id}/drafts/{draft}/receipt.pdf": "admin membership board",
	"POST /staff/library/bulk":                            "admin membership board",
	"GET /library/{id}/compare":                           "all", "GET /ikcs/library/{id}/compare": "member",
	"GET /staff/library/{id}/compare": "admin membership board",
	"GET /ikcs/copies":                "member", "POST /ikcs/copies": "member",
	"GET /staff/copies": "admin membership board", "POST /staff/copies/fee": "admin membership board",
	"POST /staff/copies/{id}": "admin membership board",
	"GET /staff/library":      "admin membership board", "POST /staff/library": "admin membership board",
	"GET /staff/library/{id}": "admin membership board", "POST /staff/library/{id}": "admin membership board",
	"GET /staff/library/{id}/files/{file}": "admin membership board", "POST /staff/library/{id}/files": "admin membership board",
	"POST /staff/library/{id}/status": "admin membership board", "POST /staff/library/{id}/supersede": "admin membership board",

	"GET /staff": anyStaff, "GET /staff/persons/{id}": anyStaff, "GET /staff/premises/{id}": anyStaff,
	"GET /staff/premises/{id}/overview": anyStaff, "GET /staff/premises/{id}/ledger": anyStaff,
	"GET /staff/premises/{id}/fees": anyStaff, "GET /staff/premises/{id}/statement.csv": anyStaff,
	"GET /staff/premises/{id}/statement.pdf": anyStaff, "GET /staff/premises/{id}/statement.xlsx": anyStaff,
	"GET /staff/premises/{id}/slip.pdf": anyStaff, "GET /staff/premises/{id}/settlements": anyStaff,
	"GET /staff/premises/{id}/settlements/{sid}": anyStaff, "GET /staff/premises/{id}/meters": anyStaff,
	"POST /staff/premises/{id}/settlements":      "admin settlements finance estate",
	"POST /staff/premises/{id}/postings":         "admin settlements finance estate",
	"POST /staff/premises/{id}/interest":         "admin settlements finance estate",
	"GET /staff/premises/{id}/payments/{entry}":  "admin settlements finance estate",
	"POST /staff/premises/{id}/payments/{entry}": "admin settlements finance estate",

	"GET /staff/applications": appStaff, "GET /staff/applications/new": appStaff, "POST /staff/applications": appStaff,
	"GET /staff/applications/{id}": appStaff, "POST /staff/applications/{id}/accept": appStaff,
	"POST /staff/applications/{id}/{step}": appStaff, "GET /staff/applications/{id}/files/{file}": appStaff,
	"POST /staff/credentials/printout": appStaff, "POST /staff/persons/{id}/start-password": appStaff,
	"POST /staff/persons/{id}/extend": appStaff,
	"GET /staff/regulations/{portal}": "admin membership settlements finance", "POST /staff/regulations/{portal}": "admin membership settlements finance",

	"GET /staff/readings":              anyStaff,
	"POST /staff/readings/{id}/accept": "admin settlements finance estate", "POST /staff/readings/{id}/correct": "admin settlements finance estate",
	"POST /staff/readings/{id}/reject": "admin settlements finance estate",

	"GET /staff/fees": "admin settlements finance", "POST /staff/fees/components": "admin settlements finance",
	"POST /staff/fees/rates": "admin settlements finance", "GET /staff/charges": "admin settlements finance",
	"POST /staff/charges": "admin settlements finance", "GET /staff/import": "admin settlements finance",
	"POST /staff/import": "admin settlements finance", "GET /staff/bank": "admin settlements finance",
	"POST /staff/bank": "admin settlements finance", "POST /staff/bank/{id}/assign": "admin settlements finance",
	"GET /staff/bank/accounts": "admin settlements finance", "POST /staff/bank/accounts": "admin settlements finance",

	"GET /staff/audit": "admin board",

	// e-Korespondencja, letters out: every department that writes to
	// residents (an estate administration for its estate, which the
	// service checks); residents read their own letters.
	"GET /staff/letters": letterStaff, "GET /staff/letters/new": letterStaff, "POST /staff/letters": letterStaff,
	"GET /staff/letters/{id}": letterStaff, "GET /staff/letters/{id}/preview.pdf": letterStaff,
	"GET /staff/letters/{id}/edit": letterStaff, "POST /staff/letters/{id}/edit": letterStaff,
	"GET /staff/letters/{id}/progress": letterStaff, "GET /staff/letters/{id}/report.csv": letterStaff,
	"GET /staff/letters/{id}/report.xlsx": letterStaff, "POST /staff/letters/{id}/send": letterStaff,
	"POST /staff/letters/{id}/approve": letterStaff, "GET /staff/batches/{id}/letters.pdf": letterStaff,
	"GET /staff/batches/{id}/dispatch.csv": letterStaff, "GET /staff/batches/{id}/dispatch.pdf": letterStaff,
	"POST /staff/batches/{id}/printed": letterStaff,
	// The e-mails given up on are the whole cooperative's: the office and
	// the board, not an estate administration.
	"GET /staff/outbox": "admin membership board", "POST /staff/outbox/{id}/retry": "admin membership board",
	"GET /ebok/letters": "resident", "GET /ebok/letters/{id}": "resident", "GET /ebok/letters/{id}/download": "resident",
	"GET /ebok/letters/{id}/attachments/{n}": "resident", "POST /ebok/letters/{id}/archive": "resident",

	// e-Korespondencja, messages in: residents write; every department
	// answers at its desk (an estate administration for its estate); the
	// departments that verify applications sort mail from unknown senders;
	// the register is for the office, not for estate administrations.
	"GET /ebok/messages": "resident", "GET /ebok/messages/new": "resident", "POST /ebok/messages": "resident",
	"GET /ebok/messages/{id}": "resident", "POST /ebok/messages/{id}": "resident",
	"GET /ebok/messages/{id}/files/{file}": "resident",
	"GET /staff/messages":                  anyStaff, "GET /staff/messages/{id}": anyStaff,
	"POST /staff/messages/{id}/{action}": anyStaff, "GET /staff/messages/{id}/files/{file}": anyStaff,
	"GET /staff/announcements": anyStaff, "POST /staff/announcements": anyStaff,
	"POST /staff/announcements/{id}/withdraw": anyStaff,
	"GET /staff/mail":                         appStaff, "GET /staff/mail/{id}": appStaff, "POST /staff/mail/{id}/application": appStaff,
	"POST /staff/mail/{id}/dismiss": appStaff, "GET /staff/mail/{id}/files/{file}": appStaff,
	"GET /staff/register":      "admin membership settlements finance board",
	"GET /staff/register.pdf":  "admin membership settlements finance board",
	"GET /staff/register.xlsx": "admin membership settlements finance board",
}

// The staff sets the matrix uses most: every role; the departments that
// verify applications; those that write letters to residents.
const (
	anyStaff    = "admin membership settlements finance estate board"
	appStaff    = "admin membership settlements finance estate board"
	letterStaff = "admin membership settlements finance estate board"
)

// matrixUsers are the users every route is tried as.
var matrixUsers = []string{"anonymous", "resident", "member", "admin", "membership", "settlements", "finance", "estate", "board"}

// allowedBy reports whether the matrix lets a user use a route.
func allowedBy(who, user string) bool {
	switch who {
	case "all":
		return true
	case "any-login":
		return user != "anonymous"
	case "ops", "pending":
		return false // not a logged-in page; checked by their own tests
	}
	return strings.Contains(" "+who+" ", " "+user+" ")
}

// TestRoutePolicyMatrix: every route against the hand-written matrix, both
// as the policy says and as the server answers. A user the matrix refuses
// gets the login page (anonymous) or 403, before any handler runs.
func TestRoutePolicyMatrix(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	clients := matrixClients(t, env, f)
	seen := map[string]bool{}
	for _, rt := range env.srv.routes() {
		seen[rt.pattern] = true
		who, ok := policyMatrix[rt.pattern]
		if !ok {
			t.Errorf("%s has no line in the policy matrix: write down who may use it", rt.pattern)
			continue
		}
		for _, user := range matrixUsers {
			want := allowedBy(who, user)
			if who == "ops" || who == "pending" {
				continue
			}
			if got := rt.policy.allows(matrixUser(clients, user)); got != want {
				t.Errorf("%s as %s: policy allows %v, matrix says %v", rt.pattern, user, got, want)
			}
			if !want {
				checkRefused(t, clients[user], rt.pattern, user)
			}
		}
	}
	for p := range policyMatrix {
		if !seen[p] {
			t.Errorf("the matrix lists %s, which the server does not serve", p)
		}
	}
}

// matrixClient is a logged-in (or anonymous) browser and its user.
type matrixClient struct {
	c    *client
	user *auth.User
}

// matrixUser is the user of a client, nil for anonymous.
func matrixUser(cs map[string]matrixClient, name string) *auth.User { return cs[name].user }

// matrixClients logs in one user of each kind and staff role.
func matrixClients(t *testing.T, env *testEnv, f fixtureCoop) map[string]matrixClient {
	t.Helper()
	ctx := context.Background()
	for _, role := range []auth.Role{auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance, auth.RoleBoard} {
		if _, err := env.auth.CreateUser(ctx, auth.NewUser{CoopID: f.ID, Kind: auth.Staff, Login: "m-" + string(role),
			DisplayName: "Pracownik " + string(role), Role: role, Password: password}); err != nil {
			t.Fatal(err)
		}
	}
	logins := map[string]struct {
		kind  auth.Kind
		login string
	}{
		"resident": {auth.Resident, residentLogin}, "member": {auth.Member, memberLogin},
		"admin": {auth.Staff, adminLogin}, "estate": {auth.Staff, estateLogin},
		"membership": {auth.Staff, "m-membership"}, "settlements": {auth.Staff, "m-settlements"},
		"finance": {auth.Staff, "m-finance"}, "board": {auth.Staff, "m-board"},
	}
	out := map[string]matrixClient{"anonymous": {c: env.client(t, "ebok.test")}}
	for name, l := range logins {
		c := sessionOf(t, env, env.srv, "ebok.test", f.ID, l.kind, l.login)
		sess, err := env.auth.Session(ctx, c.cookies[sessionCookie].Value)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = matrixClient{c: c, user: &sess.User}
	}
	return out
}

// pathParam is any {name} in a pattern.
var pathParam = regexp.MustCompile(`\{[a-z$]+\}`)

// checkRefused requests a route as a user the matrix refuses.
func checkRefused(t *testing.T, mc matrixClient, pattern, user string) {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	path = pathParam.ReplaceAllString(path, "1")
	var r response
	if method == http.MethodPost {
		r = mc.c.post(path, url.Values{})
	} else {
		r = mc.c.get(path)
	}
	loc := r.Header.Get("Location")
	toLogin := loc == "/" || strings.HasPrefix(loc, "/#") || loc == "/staff/login"
	switch {
	case user == "anonymous" && r.Code == http.StatusSeeOther && toLogin:
	case user != "anonymous" && r.Code == http.StatusForbidden:
	default:
		t.Errorf("%s as %s: %d %s, want refused before the handler", pattern, user, r.Code, r.Header.Get("Location"))
	}
}
