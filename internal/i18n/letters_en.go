package i18n

// englishLetters holds the messages of e-Korespondencja, letters out.
var englishLetters = map[string]string{
	"letters.kind.general":        "General letter",
	"letters.kind.fee_notice":     "Notice of a fee change",
	"letters.kind.debt_reminder":  "Arrears reminder",
	"letters.kind.meter_notice":   "Meter reading notice",
	"letters.kind.meeting_notice": "General meeting notice",
	"letters.kind.other":          "Other",

	"letters.err.unknown_field":     "The letter uses unknown merge fields: %s. Available fields: %s.",
	"letters.err.rule":              "Unknown way of choosing recipients.",
	"letters.err.rule_value":        "The recipients are not given correctly (building, estate, premises kind, premises or person).",
	"letters.err.list_lines":        "Lines of the list not recognised: %s. Each line should hold a premises account number (NRB) or a member register number. Nothing is sent while the list has errors.",
	"letters.err.list_empty":        "The list of recipients is empty.",
	"letters.err.kind":              "Unknown kind of letter.",
	"letters.err.subject":           "The letter needs a subject.",
	"letters.err.body":              "The letter needs a body.",
	"letters.err.too_long":          "The subject, case number, place or body is too long.",
	"letters.err.effective_on":      "A notice of a fee change must state the day the new fees apply from.",
	"letters.err.charge_source":     "Say whether the change concerns charges the cooperative sets or utility charges set by suppliers.",
	"letters.err.attachments_count": "At most %d files may be attached to a letter.",
	"letters.err.attachment":        "The attachment “%s” was not accepted: PDF files up to 5 MB only.",
	"letters.err.no_recipients":     "The rule selects no recipient.",
	"letters.err.not_draft":         "The letter has already been sent or awaits approval.",
	"letters.err.not_awaiting":      "The letter does not await approval.",
	"letters.err.same_approver":     "A letter to more than 100 recipients is approved by a staff member other than its author.",
	"letters.err.changed":           "The letter changed meanwhile. Reload the page.",
	"letters.warn.notice_period":    "The new fees apply from %s, which does not keep the statutory notice period. The earliest lawful date is %s.",

	"letters.pdf.case_no":          "Case no.: %s",
	"letters.pdf.register":         "Register no.: %s",
	"letters.pdf.effective":        "The new fees apply from %s.",
	"letters.pdf.pay":              "Please pay to the premises' own account: %s",
	"letters.pdf.pay_qr":           "QR code for payment in a banking app",
	"letters.pdf.registered":       "REGISTERED",
	"letters.pdf.amount":           "Amount to pay: %s",
	"letters.pdf.pay_qr_no_amount": "QR code for payment: type the amount yourself",

	"letters.mail.body": "Attached is a letter from the cooperative: “%s”.\n\nThe letter is also in e-BOK, under Correspondence.\n\nSent by e-Korespondencja, as consented. To write to the cooperative, use e-BOK.",

	"audit.action.letter.drafted":       "Letter drafted",
	"audit.action.letter.submitted":     "Letter submitted for approval",
	"audit.action.letter.approved":      "Letter approved",
	"audit.action.letter.sent":          "Letter sending started",
	"audit.action.postal_batch.printed": "Postal batch marked printed",
}
