package web

import (
	"net/http"

	"github.com/ebok/ebok/internal/auth"
)

// route is one line of the route table.
type route struct {
	pattern string // net/http pattern with method, e.g. "GET /ebok"
	policy  Policy
	handler handlerFunc
	// nav, when set, puts the page in the navigation of everyone the
	// policy admits, in the order of the table.
	nav *navEntry
}

// navEntry is a page's place in the navigation.
type navEntry struct {
	// section is the Page.Section that marks the entry current.
	section string
	// label is the entry's catalogue key.
	label string
	// href is where the entry leads; nil for the route's own path.
	href func(u *auth.User) string
}

// nav declares a navigation entry beside its route.
func nav(section, label string) *navEntry { return &navEntry{section: section, label: label} }

// The policies of the staff desks, by what they do.
var (
	// applicationStaff are the departments that verify applications (each
	// sees its own portal, see accessView).
	applicationStaff = StaffRoles(auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance, auth.RoleEstate, auth.RoleBoard)
	// postingStaff may post charges, payments, corrections and interest by
	// hand, and allocate payments to the charges they settle.
	postingStaff = StaffRoles(auth.RoleSettlements, auth.RoleFinance, auth.RoleEstate)
	// regulationStaff may publish the services' regulations.
	regulationStaff = StaffRoles(auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance)
	// chargesStaff keep the fee schedule and run the monthly charges.
	chargesStaff = StaffRoles(auth.RoleSettlements, auth.RoleFinance)
	// bankStaff load bank statements and ledger exports.
	bankStaff = StaffRoles(auth.RoleSettlements, auth.RoleFinance)
	// auditStaff read the audit log.
	auditStaff = StaffRoles(auth.RoleBoard)
)

// regulationsHref opens the regulations of the portal the staff member's
// department looks after.
func regulationsHref(u *auth.User) string {
	if u.Role == auth.RoleMembership {
		return "/staff/regulations/ikcs"
	}
	return "/staff/regulations/ebok"
}

// routes is every route ebok serves, with who may use it and, for the
// pages of the navigation, their entry. A new module adds one block here.
func (s *Server) routes() []route {
	return []route{
		// Public pages, monitoring and logins.
		{"GET /{$}", Public, legacy(s.home), nil},
		{"GET /healthz", Public, s.healthz, nil},
		{"GET /metrics", Ops, s.metricsHandler, nil},
		{"GET /static/", Public, s.static, nil},
		{"POST /lang", Public, legacy(s.setLang), nil},
		{"POST /ebok/login", Public, legacy(s.loginEBOK), nil},
		{"POST /ikcs/login", Public, legacy(s.loginIKCS), nil},
		{"GET /staff/login", Public, legacy(s.staffLoginForm), nil},
		{"POST /staff/login", Public, legacy(s.loginStaff), nil},
		{"POST /logout", Public, legacy(s.logout), nil},
		{"GET /login/2fa", PendingSecondFactor, legacy(s.secondFactorForm), nil},
		{"POST /login/2fa", PendingSecondFactor, legacy(s.secondFactor), nil},
		{"GET /password/change", LoggedIn, legacy(s.passwordChangeForm), nil},
		{"POST /password/change", LoggedIn, legacy(s.passwordChange), nil},
		{"GET /password/forgot", Public, legacy(s.passwordForgotForm), nil},
		{"POST /password/forgot", Public, legacy(s.passwordForgot), nil},
		{"GET /password/reset", Public, legacy(s.passwordResetForm), nil},
		{"POST /password/reset", Public, legacy(s.passwordReset), nil},
		{"GET /unlock", Public, legacy(s.unlockForm), nil},
		{"POST /unlock", Public, legacy(s.unlock), nil},
		{"GET /account/2fa", LoggedIn, legacy(s.enrolForm), nil},
		{"POST /account/2fa", LoggedIn, legacy(s.enrol), nil},

		// Applications for E-BOK and IKCS.
		{"GET /apply/{portal}", Public, s.applyForm, nil},
		{"POST /apply/{portal}", Public, s.applySubmit, nil},
		{"GET /apply/{portal}/form.pdf", Public, s.applicationFormPDF, nil},
		{"GET /apply/sent", Public, s.applySent, nil},
		{"GET /apply/confirm", Public, s.applyConfirmForm, nil},
		{"POST /apply/confirm", Public, s.applyConfirm, nil},
		{"GET /regulations/{portal}", Public, s.regulations, nil},

		// E-BOK: residents and their premises.
		{"GET /ebok", ResidentOnly, s.residentHome, nav("ebok", "nav.ebok")},
		{"POST /ebok/consent", ResidentOnly, s.residentConsent, nil},
		{"GET /ebok/logins", ResidentOnly, legacy(s.accountLogins), nil},
		{"GET /ebok/premises/{id}", ResidentOnly, s.premisesOverview, nil},
		{"GET /ebok/premises/{id}/ledger", ResidentOnly, s.premisesLedger, nil},
		{"GET /ebok/premises/{id}/fees", ResidentOnly, s.premisesFees, nil},
		{"GET /ebok/premises/{id}/statement.csv", ResidentOnly, s.statementCSV, nil},
		{"GET /ebok/premises/{id}/statement.pdf", ResidentOnly, s.statementPDF, nil},
		{"GET /ebok/premises/{id}/statement.xlsx", ResidentOnly, s.statementXLSX, nil},
		{"GET /ebok/premises/{id}/slip.pdf", ResidentOnly, s.paymentSlip, nil},
		{"GET /ebok/premises/{id}/settlements", ResidentOnly, s.premisesSettlements, nil},
		{"GET /ebok/premises/{id}/settlements/{sid}", ResidentOnly, s.settlementPDF, nil},
		{"GET /ebok/premises/{id}/meters", ResidentOnly, s.premisesMeters, nil},
		{"POST /ebok/premises/{id}/meters/{meter}/readings", ResidentOnly, s.submitReading, nil},

		// IKCS: members.
		{"GET /ikcs", MemberOnly, s.memberHome, nav("ikcs", "nav.ikcs")},
		{"GET /ikcs/logins", MemberOnly, legacy(s.accountLogins), nil},

		// Staff: persons and premises.
		{"GET /staff", AnyStaff, s.staffHome, nav("staff", "nav.staff")},
		{"GET /staff/persons/{id}", AnyStaff, s.staffPerson, nil},
		{"GET /staff/premises/{id}", AnyStaff, s.staffPremises, nil},
		{"GET /staff/premises/{id}/overview", AnyStaff, s.premisesOverview, nil},
		{"GET /staff/premises/{id}/ledger", AnyStaff, s.premisesLedger, nil},
		{"GET /staff/premises/{id}/fees", AnyStaff, s.premisesFees, nil},
		{"GET /staff/premises/{id}/statement.csv", AnyStaff, s.statementCSV, nil},
		{"GET /staff/premises/{id}/statement.pdf", AnyStaff, s.statementPDF, nil},
		{"GET /staff/premises/{id}/statement.xlsx", AnyStaff, s.statementXLSX, nil},
		{"GET /staff/premises/{id}/slip.pdf", AnyStaff, s.paymentSlip, nil},
		{"GET /staff/premises/{id}/settlements", AnyStaff, s.premisesSettlements, nil},
		{"GET /staff/premises/{id}/settlements/{sid}", AnyStaff, s.settlementPDF, nil},
		{"GET /staff/premises/{id}/meters", AnyStaff, s.premisesMeters, nil},
		{"POST /staff/premises/{id}/settlements", postingStaff, s.staffRecordSettlement, nil},
		{"POST /staff/premises/{id}/postings", postingStaff, s.staffPost, nil},
		{"POST /staff/premises/{id}/interest", postingStaff, s.staffPostInterest, nil},
		{"GET /staff/premises/{id}/payments/{entry}", postingStaff, s.staffPayment, nil},
		{"POST /staff/premises/{id}/payments/{entry}", postingStaff, s.staffAllocate, nil},

		// Staff: applications, credentials and regulations.
		{"GET /staff/applications", applicationStaff, s.staffQueue, nav("applications", "nav.applications")},
		{"GET /staff/applications/new", applicationStaff, s.staffDeskForm, nil},
		{"POST /staff/applications", applicationStaff, s.staffDeskSubmit, nil},
		{"GET /staff/applications/{id}", applicationStaff, s.staffApplication, nil},
		{"POST /staff/applications/{id}/accept", applicationStaff, s.staffAccept, nil},
		{"POST /staff/applications/{id}/{step}", applicationStaff, s.staffStep, nil},
		{"GET /staff/applications/{id}/files/{file}", applicationStaff, s.staffAttachment, nil},
		{"POST /staff/credentials/printout", applicationStaff, s.credentialsPrintout, nil},
		{"POST /staff/persons/{id}/start-password", applicationStaff, s.staffNewStartPassword, nil},
		{"POST /staff/persons/{id}/extend", applicationStaff, s.staffExtendAccess, nil},
		{"GET /staff/regulations/{portal}", regulationStaff, s.staffRegulations,
			&navEntry{section: "regulations", label: "nav.regulations", href: regulationsHref}},
		{"POST /staff/regulations/{portal}", regulationStaff, s.staffRegulationsPublish, nil},

		// Staff: meter readings.
		{"GET /staff/readings", AnyStaff, s.staffReadings, nav("readings", "readings.nav")},
		{"POST /staff/readings/{id}/accept", postingStaff, s.staffAcceptReading, nil},
		{"POST /staff/readings/{id}/correct", postingStaff, s.staffCorrectReading, nil},
		{"POST /staff/readings/{id}/reject", postingStaff, s.staffRejectReading, nil},

		// Staff: fees, charges, imports and bank statements.
		{"GET /staff/fees", chargesStaff, s.staffFees, nav("fees", "nav.fees")},
		{"POST /staff/fees/components", chargesStaff, s.staffAddComponent, nil},
		{"POST /staff/fees/rates", chargesStaff, s.staffSetRate, nil},
		{"GET /staff/charges", chargesStaff, s.staffCharges, nav("charges", "nav.charges")},
		{"POST /staff/charges", chargesStaff, s.staffChargesRun, nil},
		{"GET /staff/import", bankStaff, s.staffImport, nav("import", "nav.import")},
		{"POST /staff/import", bankStaff, s.staffImportRun, nil},
		{"GET /staff/bank", bankStaff, s.staffBank, nav("bank", "nav.bank")},
		{"POST /staff/bank", bankStaff, s.staffBankUpload, nil},
		{"POST /staff/bank/{id}/assign", bankStaff, s.staffBankAssign, nil},

		// Staff: the audit log.
		{"GET /staff/audit", auditStaff, legacy(s.staffAudit), nav("audit", "nav.audit")},
	}
}

// legacy adapts a handler that writes its own errors (those not yet
// returning them).
func legacy(h http.HandlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { h(w, r); return nil }
}
