package web

import (
	"github.com/ebok/ebok/internal/auth"
)

// route is one line of the route table.
type route struct {
	pattern string // net/http pattern with method, e.g. "GET /ebok"
	policy  Policy
	handler handlerFunc
	// maxBody bounds the request body of a POST route, so that no handler
	// reads more than its form can hold (0 for GET routes).
	maxBody int64
	// nav, when set, puts the page in the navigation of everyone the
	// policy admits, in the order of the table.
	nav *navEntry
	// noStore keeps the answer out of every cache (pages reached with a
	// secret token in their address).
	noStore bool
	// personal marks a staff page that shows personal data: each reading
	// by staff is audited (personal_data.read), with the query typed.
	personal bool
}

// personalData marks a route whose page shows personal data to staff.
func (rt route) personalData() route {
	rt.personal = true
	return rt
}

// secret marks a route whose address carries a secret token: its answers
// are never stored by a browser or a proxy.
func (rt route) secret() route {
	rt.noStore = true
	return rt
}

// get is a GET route.
func get(path string, p Policy, h handlerFunc) route {
	return route{pattern: "GET " + path, policy: p, handler: h}
}

// post is a POST route whose body may hold at most maxBody bytes.
func post(path string, p Policy, maxBody int64, h handlerFunc) route {
	return route{pattern: "POST " + path, policy: p, handler: h, maxBody: maxBody}
}

// inNav puts the route's page in the navigation under a label.
func (rt route) inNav(section, label string) route {
	rt.nav = &navEntry{section: section, label: label}
	return rt
}

// inNavAt is inNav for a page whose address depends on the user.
func (rt route) inNavAt(section, label string, href func(u *auth.User) string) route {
	rt.nav = &navEntry{section: section, label: label, href: href}
	return rt
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
	// lettersStaff write to residents (e-Korespondencja); estate staff
	// reach their own estate only.
	lettersStaff = StaffRoles(auth.RoleSettlements, auth.RoleFinance, auth.RoleMembership, auth.RoleEstate, auth.RoleBoard)
	// outboxStaff see the e-mails given up on: the whole cooperative's,
	// not one estate's, so no estate staff.
	outboxStaff = StaffRoles(auth.RoleMembership, auth.RoleBoard)
	// libraryStaff publish the members' library (membership department
	// and the board).
	libraryStaff = StaffRoles(auth.RoleMembership, auth.RoleBoard)
	// auditStaff read the audit log.
	auditStaff = StaffRoles(auth.RoleBoard)
	// registerStaff read and export the whole correspondence register.
	registerStaff = StaffRoles(auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance, auth.RoleBoard)
	// messageStaff answer residents' messages, each their own department's
	// (messages.ScopeOf).
	messageStaff = StaffRoles(auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance, auth.RoleEstate, auth.RoleBoard)
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
// Long: it is the one table of every address, kept whole on purpose so
// that a reader (and the policy tests) see who may use what in one place.
func (s *Server) routes() []route {
	return []route{
		// Public pages, monitoring and logins.
		get("/{$}", Public, s.home),
		get("/healthz", Public, s.healthz),
		get("/metrics", Ops, s.metricsHandler),
		get("/static/", Public, s.static),
		post("/lang", Public, 1<<10, s.setLang),
		post("/ebok/login", Public, 8<<10, s.loginEBOK),
		post("/ikcs/login", Public, 8<<10, s.loginIKCS),
		get("/staff/login", Public, s.staffLoginForm),
		post("/staff/login", Public, 8<<10, s.loginStaff),
		post("/logout", Public, 1<<10, s.logout),
		get("/login/2fa", PendingSecondFactor, s.secondFactorForm),
		post("/login/2fa", PendingSecondFactor, 4<<10, s.secondFactor),
		get("/password/change", LoggedIn, s.passwordChangeForm),
		post("/password/change", LoggedIn, 8<<10, s.passwordChange),
		get("/password/forgot", Public, s.passwordForgotForm),
		post("/password/forgot", Public, 4<<10, s.passwordForgot),
		get("/password/reset", Public, s.passwordResetForm).secret(),
		post("/password/reset", Public, 8<<10, s.passwordReset).secret(),
		get("/unlock", Public, s.unlockForm).secret(),
		post("/unlock", Public, 4<<10, s.unlock).secret(),
		get("/account/2fa", LoggedIn, s.enrolForm),
		post("/account/2fa", LoggedIn, 4<<10, s.enrol),

		// Applications for E-BOK and IKCS.
		get("/apply/{portal}", Public, showPage(s, "apply", s.pathApplyPage)),
		post("/apply/{portal}", Public, maxApplicationBody, s.applySubmit),
		get("/apply/{portal}/form.pdf", Public, s.applicationFormPDF),
		get("/apply/sent", Public, s.applySent),
		get("/apply/confirm", Public, s.applyConfirmForm).secret(),
		post("/apply/confirm", Public, 4<<10, s.applyConfirm).secret(),
		get("/regulations/{portal}", Public, s.regulations),

		// E-BOK: residents and their premises.
		get("/ebok", ResidentOnly, s.residentHome).inNav("ebok", "nav.ebok"),
		post("/ebok/consent", ResidentOnly, 1<<10, s.residentConsent),
		get("/ebok/logins", ResidentOnly, s.accountLogins),
		get("/ebok/premises/{id}", ResidentOnly, s.premisesOverview),
		get("/ebok/premises/{id}/ledger", ResidentOnly, s.premisesLedger),
		get("/ebok/premises/{id}/fees", ResidentOnly, s.premisesFees),
		get("/ebok/premises/{id}/statement.csv", ResidentOnly, s.statementCSV),
		get("/ebok/premises/{id}/statement.pdf", ResidentOnly, s.statementPDF),
		get("/ebok/premises/{id}/statement.xlsx", ResidentOnly, s.statementXLSX),
		get("/ebok/premises/{id}/slip.pdf", ResidentOnly, s.paymentSlip),
		get("/ebok/premises/{id}/settlements", ResidentOnly, s.premisesSettlements),
		get("/ebok/premises/{id}/settlements/{sid}", ResidentOnly, s.settlementPDF),
		get("/ebok/premises/{id}/meters", ResidentOnly, s.premisesMeters),
		post("/ebok/premises/{id}/meters/{meter}/readings", ResidentOnly, 4<<10, s.submitReading),

		// IKCS: members.
		get("/ikcs", MemberOnly, s.memberHome).inNav("ikcs", "nav.ikcs"),
		get("/ikcs/logins", MemberOnly, s.accountLogins),

		// The members' library: public on the cooperative's site, members'
		// and residents' documents in IKCS, publication for staff.
		get("/library", Public, s.libraryList),
		get("/library/{id}", Public, s.libraryDocument),
		get("/library/{id}/files/{file}", Public, s.libraryDownload),
		get("/library/{id}/compare", Public, s.libraryCompare),
		get("/ikcs/library", MemberOnly, s.libraryList).inNav("library", "nav.library"),
		get("/ikcs/library/downloads", MemberOnly, s.libraryHistory),
		get("/ikcs/library/{id}", MemberOnly, s.libraryDocument),
		get("/ikcs/library/{id}/files/{file}", MemberOnly, s.libraryDownload),
		get("/ikcs/library/{id}/compare", MemberOnly, s.libraryCompare),
		get("/staff/library", libraryStaff, s.staffLibraryList).inNav("staff_library", "nav.staff_library"),
		post("/staff/library", libraryStaff, maxLibraryBody, s.staffLibraryPublish),
		post("/staff/library/bulk", libraryStaff, maxBulkBody, s.staffLibraryBulk),
		get("/staff/library/{id}", libraryStaff, s.libraryDocument),
		post("/staff/library/{id}", libraryStaff, 8<<10, documentAction(s.staffLibraryUpdate)),
		get("/staff/library/{id}/files/{file}", libraryStaff, s.libraryDownload),
		get("/staff/library/{id}/compare", libraryStaff, s.libraryCompare),
		post("/staff/library/{id}/files", libraryStaff, maxLibraryBody, documentAction(s.staffLibraryAddFile)),
		post("/staff/library/{id}/status", libraryStaff, 1<<10, documentAction(s.staffLibraryStatus)),
		post("/staff/library/{id}/supersede", libraryStaff, 1<<10, documentAction(s.staffLibrarySupersede)),

		// The general meeting: members read its materials from the notice,
		// file draft resolutions and follow the results; the membership
		// department and the board run it.
		get("/ikcs/meetings", MemberOnly, s.meetingsList).inNav("meetings", "nav.meetings"),
		get("/ikcs/meetings/{id}", MemberOnly, s.meetingShow),
		get("/ikcs/meetings/{id}/items/{item}", MemberOnly, s.meetingItemFile),
		post("/ikcs/meetings/{id}/drafts", MemberOnly, 64<<10, s.memberMeetingDraft),
		get("/ikcs/meetings/{id}/drafts/{draft}/receipt.pdf", MemberOnly, s.meetingReceipt),
		get("/staff/meetings", libraryStaff, s.meetingsList).inNav("staff_meetings", "nav.staff_meetings"),
		post("/staff/meetings", libraryStaff, 16<<10, s.staffMeetingCreate),
		get("/staff/meetings/{id}", libraryStaff, s.meetingShow),
		post("/staff/meetings/{id}/notice", libraryStaff, 1<<10, meetingAction("notice", s.staffMeetingNotice)),
		post("/staff/meetings/{id}/items", libraryStaff, maxLibraryBody, meetingAction("item", s.staffMeetingItem)),
		get("/staff/meetings/{id}/items/{item}", libraryStaff, s.meetingItemFile),
		post("/staff/meetings/{id}/votes", libraryStaff, 1<<10, meetingAction("votes", s.staffMeetingVotes)),
		post("/staff/meetings/{id}/results", libraryStaff, 1<<10, meetingAction("results", s.staffMeetingResults)),
		get("/staff/meetings/{id}/drafts/{draft}/receipt.pdf", libraryStaff, s.meetingReceipt),

		// Requests for copies of documents (art. 8¹ ust. 1–2): members ask,
		// the membership department and the board handle the queue.
		get("/ikcs/copies", MemberOnly, s.memberCopies),
		post("/ikcs/copies", MemberOnly, 8<<10, s.memberCopyRequest),
		get("/staff/copies", libraryStaff, s.staffCopies).inNav("staff_copies", "nav.staff_copies"),
		post("/staff/copies/fee", libraryStaff, 1<<10, s.staffCopyFee),
		post("/staff/copies/{id}", libraryStaff, 4<<10, s.staffCopyStatus),

		// Staff: persons and premises.
		get("/staff", AnyStaff, s.staffHome).inNav("staff", "nav.staff").personalData(),
		get("/staff/persons/{id}", AnyStaff, s.staffPerson),
		get("/staff/premises/{id}", AnyStaff, s.staffPremises).personalData(),
		get("/staff/premises/{id}/overview", AnyStaff, s.premisesOverview).personalData(),
		get("/staff/premises/{id}/ledger", AnyStaff, s.premisesLedger).personalData(),
		get("/staff/premises/{id}/fees", AnyStaff, s.premisesFees),
		get("/staff/premises/{id}/statement.csv", AnyStaff, s.statementCSV).personalData(),
		get("/staff/premises/{id}/statement.pdf", AnyStaff, s.statementPDF).personalData(),
		get("/staff/premises/{id}/statement.xlsx", AnyStaff, s.statementXLSX).personalData(),
		get("/staff/premises/{id}/slip.pdf", AnyStaff, s.paymentSlip),
		get("/staff/premises/{id}/settlements", AnyStaff, s.premisesSettlements).personalData(),
		get("/staff/premises/{id}/settlements/{sid}", AnyStaff, s.settlementPDF).personalData(),
		get("/staff/premises/{id}/meters", AnyStaff, s.premisesMeters).personalData(),
		post("/staff/premises/{id}/settlements", postingStaff, 4<<10, s.staffRecordSettlement),
		post("/staff/premises/{id}/postings", postingStaff, 8<<10, s.staffPost),
		post("/staff/premises/{id}/interest", postingStaff, 8<<10, s.staffPostInterest),
		get("/staff/premises/{id}/payments/{entry}", postingStaff, s.staffPayment).personalData(),
		post("/staff/premises/{id}/payments/{entry}", postingStaff, 8<<10, s.staffAllocate),

		// Staff: applications, credentials and regulations.
		get("/staff/applications", applicationStaff, s.staffQueue).inNav("applications", "nav.applications").personalData(),
		get("/staff/applications/new", applicationStaff, s.staffDeskForm),
		post("/staff/applications", applicationStaff, 64<<10, s.staffDeskSubmit),
		get("/staff/applications/{id}", applicationStaff, s.staffApplication).personalData(),
		post("/staff/applications/{id}/accept", applicationStaff, 4<<10, s.staffAccept),
		post("/staff/applications/{id}/{step}", applicationStaff, 16<<10, s.staffStep),
		get("/staff/applications/{id}/files/{file}", applicationStaff, s.staffAttachment).personalData(),
		post("/staff/credentials/printout", applicationStaff, 4<<10, s.credentialsPrintout),
		post("/staff/persons/{id}/start-password", applicationStaff, 4<<10, s.staffNewStartPassword),
		post("/staff/persons/{id}/extend", applicationStaff, 4<<10, s.staffExtendAccess),
		get("/staff/regulations/{portal}", regulationStaff, s.staffRegulations).inNavAt("regulations", "nav.regulations", regulationsHref),
		post("/staff/regulations/{portal}", regulationStaff, 200<<10, s.staffRegulationsPublish),

		// Staff: meter readings.
		get("/staff/readings", AnyStaff, s.staffReadings).inNav("readings", "readings.nav"),
		post("/staff/readings/{id}/accept", postingStaff, 4<<10, s.staffAcceptReading),
		post("/staff/readings/{id}/correct", postingStaff, 4<<10, s.staffCorrectReading),
		post("/staff/readings/{id}/reject", postingStaff, 4<<10, s.staffRejectReading),

		// Staff: fees, charges, imports and bank statements.
		get("/staff/fees", chargesStaff, s.staffFees).inNav("fees", "nav.fees"),
		post("/staff/fees/components", chargesStaff, 4<<10, s.staffAddComponent),
		post("/staff/fees/rates", chargesStaff, 4<<10, s.staffSetRate),
		get("/staff/charges", chargesStaff, s.staffCharges).inNav("charges", "nav.charges"),
		post("/staff/charges", chargesStaff, 1<<10, s.staffChargesRun),
		get("/staff/import", bankStaff, s.staffImport).inNav("import", "nav.import"),
		post("/staff/import", bankStaff, 512<<20, s.staffImportRun),
		get("/staff/bank", bankStaff, s.staffBank).inNav("bank", "nav.bank"),
		post("/staff/bank", bankStaff, 64<<20, s.staffBankUpload),
		post("/staff/bank/{id}/assign", bankStaff, 4<<10, s.staffBankAssign),
		get("/staff/bank/accounts", bankStaff, s.staffBankAccounts),
		post("/staff/bank/accounts", bankStaff, 4<<10, s.staffBankAccountAdd),

		// e-Korespondencja, letters out: staff write, preview, approve and
		// send; postal batches; residents read their letters.
		get("/staff/letters", lettersStaff, s.staffLetters).inNav("letters", "nav.letters"),
		get("/staff/letters/new", lettersStaff, s.staffComposeForm),
		post("/staff/letters", lettersStaff, 16<<20, s.staffCompose),
		get("/staff/letters/{id}", lettersStaff, showPage(s, "staff_letter", s.letterPage)),
		get("/staff/letters/{id}/edit", lettersStaff, withLetter(s.staffEditForm)),
		post("/staff/letters/{id}/edit", lettersStaff, 16<<20, withLetter(s.staffEdit)),
		get("/staff/letters/{id}/preview.pdf", lettersStaff, withLetter(s.staffLetterPreview)),
		get("/staff/letters/{id}/progress", lettersStaff, withLetter(s.staffLetterProgress)),
		get("/staff/letters/{id}/report.csv", lettersStaff, s.staffLetterReport(false)),
		get("/staff/letters/{id}/report.xlsx", lettersStaff, s.staffLetterReport(true)),
		post("/staff/letters/{id}/send", lettersStaff, 1<<10, s.staffLetterAction(false)),
		post("/staff/letters/{id}/approve", lettersStaff, 1<<10, s.staffLetterAction(true)),
		get("/staff/batches/{id}/letters.pdf", lettersStaff, s.staffBatchFile("letters")),
		get("/staff/batches/{id}/dispatch.csv", lettersStaff, s.staffBatchFile("csv")),
		get("/staff/batches/{id}/dispatch.pdf", lettersStaff, s.staffBatchFile("pdf")),
		post("/staff/batches/{id}/printed", lettersStaff, 1<<10, withLetter(s.staffBatchPrinted)),
		get("/staff/outbox", outboxStaff, s.staffOutbox).inNav("outbox", "nav.outbox"),
		post("/staff/outbox/{id}/retry", outboxStaff, 1<<10, s.staffOutboxRetry),
		get("/ebok/letters", ResidentOnly, s.residentLetters).inNav("letters-inbox", "nav.letters.inbox"),
		get("/ebok/letters/{id}", ResidentOnly, s.residentLetter(false)),
		get("/ebok/letters/{id}/download", ResidentOnly, s.residentLetter(true)),
		get("/ebok/letters/{id}/attachments/{n}", ResidentOnly, withLetter(s.residentAttachment)),
		post("/ebok/letters/{id}/archive", ResidentOnly, 1<<10, withLetter(s.residentArchive)),

		// Staff: the audit log.
		get("/staff/audit", auditStaff, s.staffAudit).inNav("audit", "nav.audit"),

		// e-Korespondencja, messages in: residents write, staff's desks answer.
		get("/ebok/messages", ResidentOnly, s.residentMessages).inNav("messages", "nav.messages"),
		get("/ebok/messages/new", ResidentOnly, s.residentMessageForm),
		post("/ebok/messages", ResidentOnly, maxMessageBody, s.residentMessageSend),
		get("/ebok/messages/{id}", ResidentOnly, s.residentThread),
		post("/ebok/messages/{id}", ResidentOnly, maxMessageBody, s.residentFollow),
		get("/ebok/messages/{id}/files/{file}", ResidentOnly, s.residentMessageFile),
		get("/staff/messages", messageStaff, s.staffInbox).inNav("inbox", "nav.inbox"),
		get("/staff/messages/{id}", messageStaff, s.staffThread),
		post("/staff/messages/{id}/{action}", messageStaff, 64<<10, s.staffThreadAction),
		get("/staff/messages/{id}/files/{file}", messageStaff, s.staffMessageFile),
		get("/staff/announcements", messageStaff, s.staffAnnouncements).inNav("announcements", "nav.announcements"),
		post("/staff/announcements", messageStaff, 64<<10, s.staffAnnounce),
		post("/staff/announcements/{id}/withdraw", messageStaff, 1<<10, s.staffWithdrawAnnouncement),
		get("/staff/mail", applicationStaff, s.staffTriage).inNav("triage", "nav.triage"),
		get("/staff/mail/{id}", applicationStaff, showPage(s, "staff_triage_mail", s.triageMailPage)),
		post("/staff/mail/{id}/application", applicationStaff, 16<<10, s.staffTriageApplication),
		post("/staff/mail/{id}/dismiss", applicationStaff, 1<<10, s.staffTriageDismiss),
		get("/staff/mail/{id}/files/{file}", applicationStaff, s.staffTriageFile),
		get("/staff/register", registerStaff, s.staffRegister).inNav("register", "nav.register"),
		get("/staff/register.pdf", registerStaff, s.staffRegisterPDF),
		get("/staff/register.xlsx", registerStaff, s.staffRegisterXLSX),
	}
}
