package i18n

// englishHarden holds the English messages of the hardening work (issue
// 12, branch harden).
var englishHarden = map[string]string{
	"apply.error.limit.address": "The most applications allowed (10) came from this internet address in the last day. Another can be filed in 24 hours or at the cooperative's office.",
	"apply.error.limit.email":   "The most applications allowed (3) were sent to this e-mail address in the last day. Confirm the application with the link in the e-mail or try again in 24 hours.",
	"apply.error.limit.pending": "Applications awaiting confirmation already hold as many files as can be accepted. Confirm the applications sent with the link in the e-mail first, or try again later.",

	"audit.action.applications.purged": "Applications deleted after their period",
	"audit.action.personal_data.read":  "Personal data read",
	"audit.action.credentials.checked": "Start password checked",

	"download.error.limit":    "The most large downloads allowed in 10 minutes (20) have been made. Try again in a few minutes.",
	"credentials.error.limit": "The most start password checks allowed in 10 minutes (30) have been made. Try again in a few minutes.",
	"extend.error.too_late":   "This title ended too long ago: access can be extended only for a former holder whose title ended recently (by default within 12 months).",
	"login.remember":          "Stay logged in after the browser closes (own device only)",
}
