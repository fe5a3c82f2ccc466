package web

import "net/http"

// route is one line of the route table.
type route struct {
	pattern string // net/http pattern with method, e.g. "GET /ebok"
	policy  Policy
	handler http.HandlerFunc
}

// routes is every route ebok serves, with who may use it.
func (s *Server) routes() []route {
	return []route{
		{"GET /{$}", Public, s.home},
		{"GET /healthz", Public, s.healthz},
		{"GET /metrics", Ops, s.metricsHandler},
		{"GET /static/", Public, s.static},
		{"POST /lang", Public, s.setLang},

		{"POST /ebok/login", Public, s.loginEBOK},
		{"POST /ikcs/login", Public, s.loginIKCS},
		{"GET /staff/login", Public, s.staffLoginForm},
		{"POST /staff/login", Public, s.loginStaff},
		{"POST /logout", Public, s.logout},

		{"GET /ebok", ResidentOnly, s.residentHome},
		{"GET /ikcs", MemberOnly, s.memberHome},

		{"GET /staff", AnyStaff, s.staffHome},
		{"GET /staff/persons/{id}", AnyStaff, s.staffPerson},
		{"GET /staff/premises/{id}", AnyStaff, s.staffPremises},
	}
}
