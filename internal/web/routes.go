package web

import (
	"net/http"
	"slices"

	"github.com/ebok/ebok/internal/auth"
)

// route is one line of the route table.
type route struct {
	pattern string // net/http pattern with method, e.g. "GET /ebok"
	policy  Policy
	handler http.HandlerFunc
}

// applicationStaff are the departments that verify applications (each
// sees its own portal, see accessView).
var applicationStaff = StaffRoles(auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance, auth.RoleEstate, auth.RoleBoard)

// postingStaff may post charges, payments, corrections and interest by
// hand, and allocate payments to the charges they settle.
var postingStaff = StaffRoles(auth.RoleSettlements, auth.RoleFinance, auth.RoleEstate)

// regulationStaff may publish the services' regulations.
var regulationStaff = StaffRoles(auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance)

// routes is every route ebok serves, with who may use it.
func (s *Server) routes() []route {
	return append([]route{
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
		{"GET /login/2fa", PendingSecondFactor, s.secondFactorForm},
		{"POST /login/2fa", PendingSecondFactor, s.secondFactor},
		{"GET /password/change", LoggedIn, s.passwordChangeForm},
		{"POST /password/change", LoggedIn, s.passwordChange},
		{"GET /password/forgot", Public, s.passwordForgotForm},
		{"POST /password/forgot", Public, s.passwordForgot},
		{"GET /password/reset", Public, s.passwordResetForm},
		{"POST /password/reset", Public, s.passwordReset},
		{"GET /unlock", Public, s.unlockForm},
		{"POST /unlock", Public, s.unlock},
		{"GET /account/2fa", LoggedIn, s.enrolForm},
		{"POST /account/2fa", LoggedIn, s.enrol},

		{"GET /apply/{portal}", Public, s.applyForm},
		{"POST /apply/{portal}", Public, s.applySubmit},
		{"GET /apply/{portal}/form.pdf", Public, s.applicationFormPDF},
		{"GET /apply/sent", Public, s.applySent},
		{"GET /apply/confirm", Public, s.applyConfirmForm},
		{"POST /apply/confirm", Public, s.applyConfirm},
		{"GET /regulations/{portal}", Public, s.regulations},

		{"GET /ebok", ResidentOnly, s.residentHome},
		{"POST /ebok/consent", ResidentOnly, s.residentConsent},
		{"GET /ebok/premises/{id}", ResidentOnly, s.premisesOverview},
		{"GET /ebok/premises/{id}/ledger", ResidentOnly, s.premisesLedger},
		{"GET /ebok/premises/{id}/fees", ResidentOnly, s.premisesFees},
		{"GET /ebok/premises/{id}/statement.csv", ResidentOnly, s.statementCSV},
		{"GET /ebok/premises/{id}/statement.pdf", ResidentOnly, s.statementPDF},
		{"GET /ebok/premises/{id}/statement.xlsx", ResidentOnly, s.statementXLSX},
		{"GET /ebok/premises/{id}/slip.pdf", ResidentOnly, s.paymentSlip},
		{"GET /ebok/premises/{id}/settlements", ResidentOnly, s.premisesSettlements},
		{"GET /ebok/premises/{id}/settlements/{sid}", ResidentOnly, s.settlementPDF},
		{"GET /ikcs", MemberOnly, s.memberHome},

		{"GET /staff", AnyStaff, s.staffHome},
		{"GET /staff/persons/{id}", AnyStaff, s.staffPerson},
		{"GET /staff/premises/{id}", AnyStaff, s.staffPremises},
		{"GET /staff/premises/{id}/overview", AnyStaff, s.premisesOverview},
		{"GET /staff/premises/{id}/ledger", AnyStaff, s.premisesLedger},
		{"GET /staff/premises/{id}/fees", AnyStaff, s.premisesFees},
		{"GET /staff/premises/{id}/statement.csv", AnyStaff, s.statementCSV},
		{"GET /staff/premises/{id}/statement.pdf", AnyStaff, s.statementPDF},
		{"GET /staff/premises/{id}/statement.xlsx", AnyStaff, s.statementXLSX},
		{"GET /staff/premises/{id}/slip.pdf", AnyStaff, s.paymentSlip},
		{"GET /staff/premises/{id}/settlements", AnyStaff, s.premisesSettlements},
		{"GET /staff/premises/{id}/settlements/{sid}", AnyStaff, s.settlementPDF},
		{"POST /staff/premises/{id}/settlements", postingStaff, s.staffRecordSettlement},
		{"POST /staff/premises/{id}/postings", postingStaff, s.staffPost},
		{"GET /staff/fees", chargesStaff, s.staffFees},
		{"POST /staff/fees/components", chargesStaff, s.staffAddComponent},
		{"POST /staff/fees/rates", chargesStaff, s.staffSetRate},
		{"GET /staff/charges", chargesStaff, s.staffCharges},
		{"POST /staff/charges", chargesStaff, s.staffChargesRun},
		{"GET /staff/import", bankStaff, s.staffImport},
		{"POST /staff/import", bankStaff, s.staffImportRun},
		{"GET /staff/bank", bankStaff, s.staffBank},
		{"POST /staff/bank", bankStaff, s.staffBankUpload},
		{"POST /staff/bank/{id}/assign", bankStaff, s.staffBankAssign},

		{"GET /staff/applications", applicationStaff, s.staffQueue},
		{"GET /staff/applications/new", applicationStaff, s.staffDeskForm},
		{"POST /staff/applications", applicationStaff, s.staffDeskSubmit},
		{"GET /staff/applications/{id}", applicationStaff, s.staffApplication},
		{"POST /staff/applications/{id}/accept", applicationStaff, s.staffAccept},
		{"POST /staff/applications/{id}/{step}", applicationStaff, s.staffStep},
		{"GET /staff/applications/{id}/files/{file}", applicationStaff, s.staffAttachment},
		{"POST /staff/credentials/printout", applicationStaff, s.credentialsPrintout},
		{"POST /staff/persons/{id}/start-password", applicationStaff, s.staffNewStartPassword},
		{"POST /staff/persons/{id}/extend", applicationStaff, s.staffExtendAccess},
		{"GET /staff/regulations/{portal}", regulationStaff, s.staffRegulations},
		{"POST /staff/regulations/{portal}", regulationStaff, s.staffRegulationsPublish},
	}, slices.Concat(s.auditRoutes(), s.meterRoutes(), s.ledgerRoutes())...)
}
