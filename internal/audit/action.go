package audit

import "slices"

// Action names what happened. The values are stored in the log and must
// never change meaning; add new ones instead.
type Action string

// Logging in and out. For the login actions ActorID is the user whose
// account the attempt used (0 when the login name matched nobody) and
// Subject is "user:<id>", so LastLogins finds them by ActorID.
const (
	// LoginSuccess: a password (and second factor, where required) was
	// accepted and a session started.
	LoginSuccess Action = "login.success"
	// LoginFailure: a login attempt was refused (wrong password, unknown
	// login, wrong second factor); Details may say why, never what was typed.
	LoginFailure Action = "login.failure"
	// LoginLocked: too many failures locked the account.
	LoginLocked Action = "login.locked"
	// LoginUnlocked: a locked account was opened again, by staff or by the
	// holder through an unlock link.
	LoginUnlocked Action = "login.unlocked"
	// Logout: a session was ended by its user.
	Logout Action = "logout"
)

// Passwords and second factors.
const (
	// PasswordChanged: a user set a new password knowing the old one (or the
	// start password, at first login).
	PasswordChanged Action = "password.changed"
	// PasswordResetRequested: someone asked for a reset link to be sent to
	// the account's correspondence e-mail.
	PasswordResetRequested Action = "password.reset_requested"
	// PasswordReset: a password was set through a reset link.
	PasswordReset Action = "password.reset"
	// StartPasswordIssued: staff issued a one-time start password (on a
	// printout or by e-mail); the password itself is never logged.
	StartPasswordIssued Action = "start_password.issued"
	// TOTPEnrolled: a staff member enrolled a TOTP authenticator.
	TOTPEnrolled Action = "totp.enrolled"
	// TOTPRecoveryUsed: a recovery code stood in for a TOTP code.
	TOTPRecoveryUsed Action = "totp.recovery_used"
	// TOTPReset: an administrator took a login's authenticator app away
	// (`ebok user reset-2fa`), with the reason in Details; the login sets
	// up a new one at its next login.
	TOTPReset Action = "totp.reset"
)

// Applications for E-BOK and IKCS, with Subject "application:<id>".
const (
	// ApplicationFiled: an application was filed (at the desk, or online
	// once its e-mail address was confirmed).
	ApplicationFiled Action = "application.filed"
	// ApplicationConfirmed: the applicant confirmed the e-mail address on an
	// online application by following the link sent to it.
	ApplicationConfirmed Action = "application.confirmed"
	// ApplicationInVerification: staff took the application up for checks.
	ApplicationInVerification Action = "application.in_verification"
	// ApplicationCheck: staff ticked an item of the verification checklist
	// (signature, phone call, title to the premises); Details name the item
	// and the outcome.
	ApplicationCheck Action = "application.check"
	// ApplicationAccepted: staff accepted the application.
	ApplicationAccepted Action = "application.accepted"
	// ApplicationRejected: staff rejected the application, with a reason in
	// Details.
	ApplicationRejected Action = "application.rejected"
	// CredentialsIssued: a login was created or granted to a person after an
	// accepted application, and its credentials handed over or sent.
	CredentialsIssued Action = "credentials.issued"
)

// Consents, personal data and access.
const (
	// ConsentGranted: consent to e-Korespondencja was recorded; Details give
	// its source (the form, the portal).
	ConsentGranted Action = "consent.granted"
	// ConsentWithdrawn: consent to e-Korespondencja was withdrawn.
	ConsentWithdrawn Action = "consent.withdrawn"
	// PersonViewed: a staff member opened a person's personal data; PersonID
	// names the person (GDPR: who looked at whose data).
	PersonViewed Action = "person.viewed"
	// RegulationsPublished: staff published a new version of a service's
	// regulations.
	RegulationsPublished Action = "regulations.published"
	// AccessExtended: staff let a former holder keep seeing a premises'
	// ledger until a date after their title ended.
	AccessExtended Action = "access.extended"
	// LedgerPosted: staff posted a charge, payment, correction or interest
	// by hand (or a settlement, or an assigned bank credit).
	LedgerPosted Action = "ledger.posted"
	// LedgerImported: a ledger export or bank statement was posted.
	LedgerImported Action = "ledger.imported"
	// BankAccountDeclared: staff or the admin declared one of the
	// cooperative's own bank accounts (branch bank).
	BankAccountDeclared Action = "bank_account.declared"
	// ChargesRun: the monthly charges were posted from the fee schedule.
	ChargesRun Action = "charges.run"
	// FeesChanged: staff added a fee component or set a rate.
	FeesChanged Action = "fees.changed"
	// PaymentAllocated: staff allocated a payment to the charge it settles
	// (or back to the oldest debts first), with a reason in Details.
	PaymentAllocated Action = "payment.allocated"
	// MeterReadingDecided: staff accepted, rejected or corrected a meter
	// reading; Details say which, with the values and the note.
	MeterReadingDecided Action = "meter_reading.decided"
	// MessageFiled: a resident wrote to the cooperative (a message in,
	// entered in the register); Details name the thread and the number.
	MessageFiled Action = "message.filed"
	// MessageAssigned: staff assigned a thread to a staff member.
	MessageAssigned Action = "message.assigned"
	// MessageStatus: staff changed a thread's status.
	MessageStatus Action = "message.status"
	// MessageReplied: staff replied to a thread (shown to the resident).
	MessageReplied Action = "message.replied"
	// MessageNoted: staff added an internal note to a thread.
	MessageNoted Action = "message.noted"
	// MailTriaged: staff took a mail off the triage list, turning it into
	// an application or dismissing it.
	MailTriaged Action = "mail.triaged"
	// AnnouncementPosted: staff posted an announcement to residents.
	AnnouncementPosted Action = "announcement.posted"
	// AnnouncementWithdrawn: staff withdrew an announcement; residents no
	// longer see it.
	AnnouncementWithdrawn Action = "announcement.withdrawn"
)

// e-Korespondencja, letters out, with Subject "letter:<id>" (or
// "postal_batch:<id>").
const (
	// LetterDrafted: staff wrote or changed a letter's draft.
	LetterDrafted Action = "letter.drafted"
	// LetterSubmitted: staff asked for a letter to more than 100 recipients
	// to be approved by a second staff member.
	LetterSubmitted Action = "letter.submitted"
	// LetterApproved: a second staff member approved a letter.
	LetterApproved Action = "letter.approved"
	// LetterSent: staff started the sending of a letter to its recipients.
	LetterSent Action = "letter.sent"
	// PostalBatchPrinted: staff marked a postal batch printed.
	PostalBatchPrinted Action = "postal_batch.printed"
	// MailRetried: staff put an e-mail ebok had given up sending back in
	// the queue. Subject is "outbox:<id>".
	MailRetried Action = "mail.retried"
)

// Hardening (issue 12).
const (
	// ApplicationsPurged: ebok deleted applications (with their files) that
	// were never confirmed or whose retention period ended; Details give
	// the counts and the application numbers. Subject is "applications".
	ApplicationsPurged Action = "applications.purged"
	// PersonalDataRead: a staff member read personal data (an application
	// or its file, a premises, a ledger, a statement, a search with its
	// query in Details). PersonID names the person when one is known.
	PersonalDataRead Action = "personal_data.read"
	// CredentialsChecked: staff checked a start password against a
	// printout (POST /staff/credentials/printout); Details say whether it
	// matched, never the password.
	CredentialsChecked Action = "credentials.checked"
)

// Actors that are not a user.
const (
	// ActorSystem is ebok itself (workers, scheduled jobs).
	ActorSystem = "system"
	// ActorAnonymous is someone not logged in.
	ActorAnonymous = "anonymous"
)

// Actions lists every known action, in a stable order (for filters in staff
// screens).
func Actions() []Action {
	return []Action{
		LoginSuccess, LoginFailure, LoginLocked, LoginUnlocked, Logout,
		PasswordChanged, PasswordResetRequested, PasswordReset, StartPasswordIssued,
		TOTPEnrolled, TOTPRecoveryUsed, TOTPReset,
		ApplicationFiled, ApplicationConfirmed, ApplicationInVerification, ApplicationCheck,
		ApplicationAccepted, ApplicationRejected, CredentialsIssued,
		ConsentGranted, ConsentWithdrawn, PersonViewed, RegulationsPublished, AccessExtended,
		LedgerPosted, LedgerImported, ChargesRun, FeesChanged, PaymentAllocated, MeterReadingDecided,
		LetterDrafted, LetterSubmitted, LetterApproved, LetterSent, PostalBatchPrinted, MailRetried,
		MessageFiled, MessageAssigned, MessageStatus, MessageReplied, MessageNoted, MailTriaged, AnnouncementPosted,
		AnnouncementWithdrawn,
		LibraryPublished, LibraryChanged, LibraryDownloaded, LibraryNotified,
		BankAccountDeclared,
		// harden (issue 12)
		ApplicationsPurged, PersonalDataRead, CredentialsChecked,
		MeetingChanged, MeetingDraftFiled, CopyRequested, CopyRequestChanged,
	}
}

// Valid reports whether a is one of the known actions.
func (a Action) Valid() bool { return slices.Contains(Actions(), a) }

// loginActions are the rows LastLogins returns.
func loginActions() []Action { return []Action{LoginSuccess, LoginFailure, LoginLocked} }
